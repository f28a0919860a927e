#!/usr/bin/env bash
# Deploys nanoedge as a Docker Swarm stack named "nanoedge" (the cluster member names in stack.yml depend
# on that name). Run on a Swarm manager.
#
#   swarm/deploy.sh init <advertise-addr>          make this host the manager; prints the join command
#   swarm/deploy.sh label <node> <role>...         label a node: server, entrance, corridor, room
#   swarm/deploy.sh secrets                        create the secrets (from swarm/secrets/ or fresh random ones) and
#                                                  the cluster certificates (nanoedge certs into swarm/secrets/cluster-tls)
#   swarm/deploy.sh deploy                         docker stack deploy (NANOEDGE_IMAGE picks the image)
#   swarm/deploy.sh status                         services, tasks and their health
#
# Typical site: the Linux box is the manager and runs db, api and both controllers; each Pi joins as a worker:
#   on the box:  swarm/deploy.sh init 192.168.1.10
#   on each Pi:  docker swarm join --token <worker token> 192.168.1.10:2377   (printed by init)
#   on the box:  swarm/deploy.sh label box server; swarm/deploy.sh label pi-entrance entrance
#                swarm/deploy.sh label pi-corridor-1 corridor; swarm/deploy.sh label pi-room-r room
#                swarm/deploy.sh secrets; NANOEDGE_IMAGE=<registry>/nanoedge:0.1.0 swarm/deploy.sh deploy
# Between hosts open: TCP 2377 (managers), TCP+UDP 7946, UDP 4789 (overlay) and IP protocol 50 (ESP: the
# overlay is encrypted).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
STACK=nanoedge
SECRETS=(db_password admin_token tag_key)
# One cluster key store per service (tasks of a service share it), plus one for a device node outside Swarm.
CERT_NODES=(api controller entrance corridor room)
TLS_DIR=$HERE/secrets/cluster-tls
JAR=${NANOEDGE_JAR:-$HERE/../docker/target/nanoedge.jar}

die() { echo "deploy.sh: $*" >&2; exit 2; }

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

cmd_init() {
  local addr=${1:?usage: deploy.sh init <advertise-addr>}
  docker swarm init --advertise-addr "$addr"
  echo
  echo "Join each Pi as a worker with:"
  docker swarm join-token worker | sed -n '/docker swarm join/,$p'
}

cmd_label() {
  local node=${1:?usage: deploy.sh label <node> <server|entrance|corridor|room>...}
  shift
  [ $# -gt 0 ] || die "give at least one role for node $node: server, entrance, corridor, room"
  local args=()
  for role in "$@"; do
    case "$role" in
      server|entrance|corridor|room) args+=(--label-add "nanoedge.$role=true") ;;
      *) die "unknown node role '$role' (server, entrance, corridor, room)" ;;
    esac
  done
  docker node update "${args[@]}" "$node" >/dev/null
  echo "node $node: $*"
}

# Each secret from swarm/secrets/<name> when that file exists, else random (printed once for admin_token,
# which people need; the others are only ever read by the services).
cmd_secrets() {
  for name in "${SECRETS[@]}"; do
    local full="${STACK}_$name"
    if docker secret inspect "$full" >/dev/null 2>&1; then
      echo "secret $full exists (docker secret rm $full to replace it; services must be updated after)"
      continue
    fi
    if [ -f "$HERE/secrets/$name" ]; then
      docker secret create "$full" "$HERE/secrets/$name" >/dev/null
      echo "secret $full created from swarm/secrets/$name"
    else
      local value
      value=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-40)
      printf '%s' "$value" | docker secret create "$full" - >/dev/null
      echo "secret $full created (random)"
      if [ "$name" = admin_token ]; then
        echo "  admin token (for the API's Authorization: Bearer header): $value"
      fi
    fi
  done
  cmd_tls_secrets
}

# The site's cluster certificates: `nanoedge certs` from the jar when java is here, else from the image (which has
# the JDK's keytool). Existing files are kept, so running it again changes nothing; the CA key (site-ca.p12) stays
# in swarm/secrets/cluster-tls on the manager and is never made a secret.
make_certs() {
  local nodes
  nodes=$(IFS=,; echo "${CERT_NODES[*]},device")
  mkdir -p "$TLS_DIR"
  if command -v java >/dev/null 2>&1 && [ -f "$JAR" ]; then
    java -jar "$JAR" certs "$TLS_DIR" --site "$STACK" --nodes "$nodes"
  else
    docker run --rm --user "$(id -u):$(id -g)" -v "$TLS_DIR:/certs" "${NANOEDGE_IMAGE:-nanoedge:0.1.0}" \
      certs /certs --site "$STACK" --nodes "$nodes"
  fi
}

tls_secret() {
  local full="${STACK}_$1" file=$2
  if docker secret inspect "$full" >/dev/null 2>&1; then
    echo "secret $full exists (docker secret rm $full to replace it; services must be updated after)"
  else
    docker secret create "$full" "$file" >/dev/null
    echo "secret $full created from ${file#"$HERE"/}"
  fi
}

cmd_tls_secrets() {
  make_certs
  tls_secret cluster_tls_truststore "$TLS_DIR/truststore.p12"
  tls_secret cluster_tls_password "$TLS_DIR/password"
  for node in "${CERT_NODES[@]}"; do
    tls_secret "cluster_tls_$node" "$TLS_DIR/$node.p12"
  done
}

tls_secret_names() {
  echo cluster_tls_truststore cluster_tls_password
  for node in "${CERT_NODES[@]}"; do echo "cluster_tls_$node"; done
}

cmd_deploy() {
  for name in "${SECRETS[@]}" $(tls_secret_names); do
    docker secret inspect "${STACK}_$name" >/dev/null 2>&1 || die "secret ${STACK}_$name is missing: run deploy.sh secrets"
  done
  local labelled
  labelled=$(docker node ls -q | xargs docker node inspect --format '{{range $k, $v := .Spec.Labels}}{{$k}} {{end}}' | tr ' ' '\n' | grep -c '^nanoedge.server$' || true)
  [ "$labelled" -gt 0 ] || die "no node is labelled nanoedge.server=true: run deploy.sh label <node> server"
  docker stack deploy --prune --with-registry-auth -c "$HERE/stack.yml" "$STACK"
}

cmd_status() {
  docker stack services "$STACK"
  docker stack ps --no-trunc --format 'table {{.Name}}\t{{.Node}}\t{{.CurrentState}}\t{{.Error}}' "$STACK"
}

case "${1:-}" in
  init) shift; cmd_init "$@" ;;
  label) shift; cmd_label "$@" ;;
  secrets) shift; cmd_secrets ;;
  deploy) shift; cmd_deploy ;;
  status) shift; cmd_status ;;
  *) usage ;;
esac
