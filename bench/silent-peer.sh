#!/usr/bin/env bash
# CPU a node burns while it joins through a peer that has accepted its connection but not yet answered (a peer
# still starting: in a stack started at once, every peer for a while). Hazelcast's default (unified) member port
# waits for the peer's protocol bytes by spinning its output thread; nanoedge's member endpoint does not
# (ClusterConfigs.membersOnly). A/B: JAR=<other jar> bench/silent-peer.sh, then without JAR.
#   bench/silent-peer.sh [runs=3] [seconds=10]
# Method: a TCP listener that accepts and never reads or writes; a node (roles ops, cluster.config static, members =
# that listener) started against it; its CPU (user + system, kernel accounting) over `seconds` from its spawn.
# Prints each run and the median.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/docker/target/nanoedge.jar}
RUNS=${1:-3}
SECONDS_=${2:-10}
JVM_FLAGS=${JVM_FLAGS:-"-Xmx96m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true"}
[ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }
pids=()
work=$(mktemp -d)
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
java -jar "$JAR" certs "$work/certs" --site bench --nodes bench >/dev/null

results=()
for i in $(seq 1 "$RUNS"); do
  peer=$(free_port); port=$(free_port); ops=$(free_port)
  python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $peer)); s.listen(16); held = []
s.settimeout(0.5); end = time.time() + $SECONDS_ + 5
while time.time() < end:
    try: held.append(s.accept()[0])
    except OSError: pass
" & pids+=("$!")
  sleep 0.3
  NANOEDGE_CLUSTER_CONFIG=static NANOEDGE_CLUSTER_HOST=127.0.0.1 NANOEDGE_CLUSTER_PORT=$port \
    NANOEDGE_CLUSTER_MEMBERS=127.0.0.1:$peer NANOEDGE_OPS_PORT=$ops \
    NANOEDGE_CLUSTER_TLS_KEYSTORE=$work/certs/bench.p12 NANOEDGE_CLUSTER_TLS_TRUSTSTORE=$work/certs/truststore.p12 \
    NANOEDGE_CLUSTER_TLS_PASSWORD_FILE=$work/certs/password \
    java $JVM_FLAGS -jar "$JAR" run --roles ops --cluster >"$work/node.log" 2>&1 &
  node=$!; pids+=("$node")
  sleep "$SECONDS_"
  ms=$(cpu_ms "$node")
  kill -9 "$node"; wait "$node" 2>/dev/null || true
  results+=("$ms")
  echo "run $i: the node used $ms ms of CPU in its first $SECONDS_ s"
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}')
echo "jar: $JAR; median CPU in the first $SECONDS_ s while joining through a silent peer: $median ms"
