#!/usr/bin/env bash
# Quiet running of the deployed stack (issue 16: "false leader changes in 10 minutes of normal running: 0").
#   bench/swarm-stability.sh [minutes=10]
# Method: swarm/test.sh --keep (the multi-node Swarm test: deploy, scenario, failover, update, node restart; it
# leaves the Swarm up), then nothing is done to it for <minutes> while every 5 s each task's /health/ready and the
# controllers' logs are read. Counted over the quiet period: leader changes (a controller logging "is the leader"
# or "standing by"), Hazelcast membership changes (a "Members {size:" view logged by any task), readiness answers
# other than 200, and task restarts (Swarm's task list). Then swarm/test.sh down. Needs root and a Docker engine,
# like swarm/test.sh. Prints one line per figure; exit 1 if any count is not 0.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MINUTES=${1:-10}
RUN=/run/nanoedge-swarm
d() { local node=$1; shift; /usr/bin/docker -H "unix://$RUN/$node.sock" "$@"; }
trap '"$ROOT/swarm/test.sh" down >/dev/null 2>&1 || true' EXIT

"$ROOT/swarm/test.sh" --keep >&2
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
tasks_before=$(d box stack ps -q nanoedge | wc -l)
not_ready=0 probes=0
end=$(( $(date +%s) + MINUTES * 60 ))
while [ "$(date +%s)" -lt "$end" ]; do
  for node in box pi-entrance pi-corridor; do
    for id in $(d "$node" ps -q --filter label=com.docker.stack.namespace=nanoedge); do
      name=$(d "$node" inspect -f '{{.Name}}' "$id")
      case "$name" in *nanoedge_db*) continue ;; esac
      pid=$(d "$node" inspect -f '{{.State.Pid}}' "$id")
      code=$(nsenter --net="/proc/$pid/ns/net" -- curl -s -o /dev/null -m 2 -w '%{http_code}' \
        http://127.0.0.1:9090/health/ready 2>/dev/null || echo 000)
      probes=$((probes + 1))
      [ "$code" = 200 ] || { not_ready=$((not_ready + 1)); echo "$(date +%T) $name answered $code" >&2; }
    done
  done
  sleep 5
done

leader_changes=0 views=0
for node in box pi-entrance pi-corridor; do
  for id in $(d "$node" ps -q --filter label=com.docker.stack.namespace=nanoedge); do
    logs=$(d "$node" logs --since "$since" "$id" 2>&1 || true)
    leader_changes=$((leader_changes + $(echo "$logs" | grep -cE "is the leader|standing by" || true)))
    views=$((views + $(echo "$logs" | grep -c "Members {size:" || true)))
  done
done
restarts=$(( $(d box stack ps -q nanoedge | wc -l) - tasks_before ))
echo "quiet running for $MINUTES min after the Swarm test: leader changes $leader_changes, membership views logged" \
  "$views, readiness answers other than 200: $not_ready of $probes, task restarts $restarts"
[ "$leader_changes" -eq 0 ] && [ "$views" -eq 0 ] && [ "$not_ready" -eq 0 ] && [ "$restarts" -eq 0 ]
