#!/usr/bin/env bash
# Validates the deployment files offline, as CI does (no Docker engine needed):
#   docker/Dockerfile            dockerfile-utils lint
#   docker/compose.yml           dclint (Compose schema + the rules of docker/.dclintrc)
#   swarm/device-node.yml        dclint
#   docker/mariadb/Dockerfile    dockerfile-utils lint
#   swarm/stack.yml              docker stack config (the Swarm stack schema of the docker client), alone and
#                                with swarm/test-override.yml (the Swarm test's override)
#   the deployment scripts       bash -n / sh -n, and shellcheck where it is installed
# Exit 0 when all pass, 1 when a file is invalid, 3 when a tool cannot be had (npm or the docker client).
# The npm tools are installed once, pinned, into docker/target/validate-tools (NANOEDGE_VALIDATE_TOOLS).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=${NANOEDGE_VALIDATE_TOOLS:-$ROOT/docker/target/validate-tools}
failed=0

say() { echo "validate: $*"; }
check() {
  local what=$1
  shift
  local out
  if out=$("$@" 2>&1); then
    say "ok    $what"
  else
    say "FAIL  $what"
    echo "$out" | sed 's/^/    /'
    failed=1
  fi
}

if [ ! -x "$TOOLS/node_modules/.bin/dclint" ] || [ ! -x "$TOOLS/node_modules/.bin/dockerfile-utils" ]; then
  command -v npm >/dev/null 2>&1 || { say "npm is not installed (apt-get install -y npm)"; exit 3; }
  mkdir -p "$TOOLS"
  say "installing dockerfile-utils and dclint into $TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent --no-save dockerfile-utils@0.16.3 dclint@3.1.0 >/dev/null 2>&1 \
    || { say "could not install dockerfile-utils and dclint from npm"; exit 3; }
fi
command -v docker >/dev/null 2>&1 || { say "the docker client is not installed (docker stack config validates the stack offline)"; exit 3; }

check "docker/Dockerfile (dockerfile-utils lint)" "$TOOLS/node_modules/.bin/dockerfile-utils" lint "$ROOT/docker/Dockerfile"
check "docker/mariadb/Dockerfile (dockerfile-utils lint)" "$TOOLS/node_modules/.bin/dockerfile-utils" lint "$ROOT/docker/mariadb/Dockerfile"
check "docker/compose.yml (dclint)" "$TOOLS/node_modules/.bin/dclint" -c "$ROOT/docker/.dclintrc" "$ROOT/docker/compose.yml"
check "swarm/device-node.yml (dclint)" "$TOOLS/node_modules/.bin/dclint" -c "$ROOT/docker/.dclintrc" "$ROOT/swarm/device-node.yml"
check "swarm/stack.yml (docker stack config)" docker stack config -c "$ROOT/swarm/stack.yml"
check "swarm/stack.yml + swarm/test-override.yml (docker stack config)" docker stack config -c "$ROOT/swarm/stack.yml" -c "$ROOT/swarm/test-override.yml"
check "swarm/deploy.sh (bash -n)" bash -n "$ROOT/swarm/deploy.sh"
check "docker/jlink/build-runtime.sh (sh -n)" sh -n "$ROOT/docker/jlink/build-runtime.sh"
scripts=(docker/build-image.sh docker/mariadb/docker-entrypoint.sh docker/mariadb/healthcheck.sh swarm/test.sh
  .ci/docker-engine.sh .ci/bare-machine.sh)
for script in "${scripts[@]}"; do
  [ -f "$ROOT/$script" ] && check "$script (bash -n)" bash -n "$ROOT/$script"
done
if command -v shellcheck >/dev/null 2>&1; then
  check "scripts (shellcheck)" shellcheck "$ROOT/swarm/deploy.sh" "$ROOT/docker/jlink/build-runtime.sh" "$ROOT/docker/validate.sh"
fi

if [ "$failed" -ne 0 ]; then
  say "some deployment files are invalid"
  exit 1
fi
say "all deployment files are valid"
