#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's docker.io when no engine is installed,
# starts dockerd in the background when none runs, waits until it answers. Idempotent: a running engine is
# left as it is. CI and the container scripts (docker/build-image.sh, swarm/test.sh, .ci/bare-machine.sh) call it.
#   .ci/docker-engine.sh            exit 0: the engine answers (one line says which)
#                                   exit 3: Docker cannot run on this machine (ONE line says why); callers skip
#                                   their container steps on 3 and go on; nothing else on this machine changes
# The client is Debian's /usr/bin/docker (20.10, BuildKit built in); a newer client earlier in PATH may refuse
# BuildKit without buildx (see /work/shared/FACTS.md, Containers). Its log: /var/log/nanoedge-dockerd.log.
set -uo pipefail
LOG=${NANOEDGE_DOCKERD_LOG:-/var/log/nanoedge-dockerd.log}
DOCKER=/usr/bin/docker

unavailable() { echo "docker: cannot run here: $*"; exit 3; }
answers() { "$DOCKER" info >/dev/null 2>&1; }

if [ -x "$DOCKER" ] && answers; then
  echo "docker: engine ready ($("$DOCKER" version --format 'server {{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

if [ ! -x "$DOCKER" ] || ! command -v dockerd >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || unavailable "no Docker engine is installed and installing one needs root"
  command -v apt-get >/dev/null 2>&1 || unavailable "no Docker engine is installed and this is not a Debian-like system (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq docker.io; } >/tmp/nanoedge-docker-install.log 2>&1 \
    || unavailable "apt-get install docker.io failed ($(tail -1 /tmp/nanoedge-docker-install.log))"
fi

[ "$(id -u)" = 0 ] || unavailable "dockerd is not running and starting it needs root"
# A daemon that is starting (its pid file names a live process) is waited for, not started twice.
pid=$(cat /var/run/docker.pid 2>/dev/null || true)
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
  # dockerd starts its own containerd when none runs; setsid: it outlives this script and CI's shell.
  setsid dockerd >>"$LOG" 2>&1 </dev/null &
  pid=$!
fi
for _ in $(seq 1 120); do
  answers && break
  kill -0 "$pid" 2>/dev/null || unavailable "dockerd exited: $(grep -E 'level=(fatal|error)|failed' "$LOG" | tail -1 | cut -c1-200)"
  sleep 0.5
done
answers || unavailable "dockerd did not answer within 60 s (log: $LOG)"
echo "docker: engine started ($("$DOCKER" version --format 'server {{.Server.Version}}' 2>/dev/null), pid $pid, log $LOG)"
