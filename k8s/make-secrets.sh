#!/usr/bin/env bash
# Writes the files k8s/kustomization.yaml turns into Secrets, into k8s/secrets/ (git ignores it). Files that
# exist are kept, so running it again changes nothing; delete one to replace it.
#
#   k8s/make-secrets.sh [--jar <nanoedge.jar>]
#
#   secrets/db_password, secrets/admin_token, secrets/tag_key   random (the admin token is printed once)
#   secrets/cluster-tls/                                        `nanoedge certs --out … --node member`: the site CA,
#                                                               the trust store, one member key store, the password
# The site CA's own key store (secrets/cluster-tls/site-ca.p12) signs new node certificates: keep it, but not on a
# cluster node; kustomize reads only member.p12, truststore.p12 and password.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../docker/target/nanoedge.jar"
OUT="$HERE/secrets"

while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=${2:?--jar needs a path}; shift 2 ;;
    *) echo "make-secrets.sh: unknown option '$1' (usage: make-secrets.sh [--jar <nanoedge.jar>])" >&2; exit 2 ;;
  esac
done

umask 077
mkdir -p "$OUT"
random() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-40; }
for name in db_password admin_token tag_key; do
  if [ -s "$OUT/$name" ]; then
    echo "k8s/secrets/$name exists (kept)"
    continue
  fi
  value=$(random)
  printf '%s' "$value" > "$OUT/$name"
  echo "k8s/secrets/$name written (random)"
  if [ "$name" = admin_token ]; then
    echo "  admin token (for the API's Authorization: Bearer header): $value"
  fi
done

TLS="$OUT/cluster-tls"
if [ -s "$TLS/member.p12" ] && [ -s "$TLS/truststore.p12" ] && [ -s "$TLS/password" ]; then
  echo "k8s/secrets/cluster-tls exists (kept)"
else
  [ -f "$JAR" ] || { echo "make-secrets.sh: $JAR is missing: build it (./mvnw -DskipTests package) or pass --jar" >&2; exit 2; }
  command -v java >/dev/null 2>&1 || { echo "make-secrets.sh: java is not installed (the certs command runs from nanoedge.jar)" >&2; exit 2; }
  java -jar "$JAR" certs --out "$TLS" --site nanoedge --node member
fi
echo "next: kubectl apply -k $(cd "$HERE" && pwd)"
