#!/usr/bin/env bash
# Validates the Kubernetes manifests offline, against the Kubernetes API schemas, without a cluster (CI runs it
# through KubernetesManifestsIT in system-tests):
#   k8s/validate.sh [dir]        (default: k8s/)
#   1. every object of every *.yaml: kubernetes-models' JSON schemas (from the API's OpenAPI document), then
#      strictly (no field its type lacks: the client models' attribute maps of @kubernetes/client-node), then
#      the links no schema sees (selectors, named ports, Secrets and their keys, the kustomization's resources);
#      see validate.mjs
#   2. `kubectl kustomize` of a copy with stand-in secret files, and its output validated the same way (the
#      generated Secrets, the hashed names kustomize writes into the pods); skipped with one line without kubectl
# Exit 0 when all pass, 1 when a manifest is invalid, 3 (one line) when the validators cannot be had (npm, node).
# The npm tools are installed once, pinned, into k8s/target/validate-tools (NANOEDGE_K8S_VALIDATE_TOOLS); later
# runs need no network.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(cd "${1:-$HERE}" && pwd)
TOOLS=${NANOEDGE_K8S_VALIDATE_TOOLS:-$HERE/target/validate-tools}
PACKAGES=(kubernetes-models@5.1.0 @kubernetes/client-node@1.4.0 yaml@2.9.1)

say() { echo "validate: $*"; }

command -v node >/dev/null 2>&1 || { say "node is not installed (apt-get install -y npm)"; exit 3; }
if [ ! -d "$TOOLS/node_modules/kubernetes-models" ] || [ ! -d "$TOOLS/node_modules/@kubernetes/client-node" ] \
  || [ ! -d "$TOOLS/node_modules/yaml" ]; then
  command -v npm >/dev/null 2>&1 || { say "npm is not installed (apt-get install -y npm)"; exit 3; }
  mkdir -p "$TOOLS"
  say "installing ${PACKAGES[*]} into $TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent --no-save "${PACKAGES[@]}" >/dev/null 2>&1 \
    || { say "could not install ${PACKAGES[*]} from npm"; exit 3; }
fi
# ES modules resolve packages from the script's own folder: run a copy that sits beside node_modules.
cp "$HERE/validate.mjs" "$TOOLS/validate.mjs"

RENDERED=()
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -f "$DIR/kustomization.yaml" ]; then
  if command -v kubectl >/dev/null 2>&1; then
    # The secret files are the operator's (k8s/make-secrets.sh); stand-ins take their place in a copy.
    cp -r "$DIR" "$WORK/k8s"
    rm -rf "$WORK/k8s/target"
    for file in $(node -e '
      const y = require(process.argv[1]);
      const k = y.parse(require("fs").readFileSync(process.argv[2], "utf8"));
      for (const g of k.secretGenerator ?? []) for (const f of g.files ?? []) console.log(String(f).split("=").pop());
    ' "$TOOLS/node_modules/yaml" "$DIR/kustomization.yaml"); do
      if [ ! -e "$WORK/k8s/$file" ]; then
        mkdir -p "$(dirname "$WORK/k8s/$file")"
        printf 'stand-in-for-validation' > "$WORK/k8s/$file"
      fi
    done
    if kubectl kustomize "$WORK/k8s" > "$WORK/rendered.yaml" 2> "$WORK/kustomize.err"; then
      say "ok    kubectl kustomize ($(grep -c '^kind:' "$WORK/rendered.yaml") objects)"
      RENDERED=("$WORK/rendered.yaml")
    else
      say "FAIL  kubectl kustomize"
      sed 's/^/    /' "$WORK/kustomize.err"
      node "$TOOLS/validate.mjs" "$DIR"
      exit 1
    fi
  else
    say "skip  kubectl kustomize (kubectl is not installed: apt-get install -y kubernetes-client)"
  fi
fi
node "$TOOLS/validate.mjs" "$DIR" "${RENDERED[@]}"
rc=$?
case $rc in
  0) say "all Kubernetes manifests are valid" ;;
  3) exit 3 ;;
  *) say "some Kubernetes manifests are invalid"; exit 1 ;;
esac
