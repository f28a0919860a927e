#!/usr/bin/env bash
# RSS of a device node running only presence + ble + led with simulated drivers.
# Usage: bench/devices/rss.sh [runs] [settle-seconds]   (from the repository root; builds nothing:
# run `mvn -o -q package -DskipTests` first so docker/target/nanoedge.jar exists)
# For each JVM flag set: start the node, wait until it prints "started", let it settle, read VmRSS
# from /proc, stop it (SIGTERM to the pid we started); prints every run and the median per flag set.
set -euo pipefail
RUNS=${1:-5}
SETTLE=${2:-10}
JAR=docker/target/nanoedge.jar
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -o -q package -DskipTests" >&2; exit 2; }
# A clustered node needs the site's certificates (the bus is mutual TLS): a throwaway site for the bench.
CERTS=$(mktemp -d)
trap 'rm -rf "$CERTS"' EXIT
java -jar "$JAR" certs "$CERTS" --site bench --nodes bench >/dev/null
export NANOEDGE_CLUSTER_TLS_KEYSTORE=$CERTS/bench.p12 NANOEDGE_CLUSTER_TLS_TRUSTSTORE=$CERTS/truststore.p12 \
  NANOEDGE_CLUSTER_TLS_PASSWORD_FILE=$CERTS/password
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

measure() {  # $1 label, $2 extra run args, rest: JVM flags
  local label=$1 extra=$2; shift 2
  local values=()
  for i in $(seq "$RUNS"); do
    local log; log=$(mktemp)
    NANOEDGE_TAG_KEY=bench-tag-key-0123456789 NANOEDGE_OPS_PORT=$(free_port) NANOEDGE_NODE_ID=bench-$i \
      NANOEDGE_CLUSTER_CONFIG=static NANOEDGE_CLUSTER_HOST=127.0.0.1 NANOEDGE_CLUSTER_PORT=$(free_port) \
      NANOEDGE_CLUSTER_NAME=rss-bench-$$ \
      java "$@" -jar "$JAR" run --roles presence,ble,led $extra >"$log" 2>&1 &
    local pid=$!
    for _ in $(seq 120); do grep -q " started in " "$log" && break; sleep 0.5; done
    grep -q " started in " "$log" || { echo "node did not start:"; cat "$log"; kill "$pid"; exit 1; }
    sleep "$SETTLE"
    local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" || true
    rm -f "$log"
    values+=("$rss")
    echo "$label run $i: $((rss / 1024)) MB"
  done
  local median; median=$(printf '%s\n' "${values[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$label median of $RUNS: $((median / 1024)) MB"
}

TRIM="-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m"
measure "local, default JVM flags" ""
# shellcheck disable=SC2086
measure "local, trimmed JVM flags" "" $TRIM
# shellcheck disable=SC2086
measure "clustered (static, 1 member), trimmed JVM flags" "--cluster" $TRIM
