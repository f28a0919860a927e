#!/usr/bin/env bash
# Cold start to ready, and idle RSS, of nanoedge nodes started from docker/target/nanoedge.jar, without and with
# the class-data-sharing archive the image ships (docker/cds/build-archive.sh), measured in the same run.
#   bench/startup.sh [runs=5] [roles=ops]
# Method: spawn `java $JVM_FLAGS -jar nanoedge.jar run --roles <roles> …`, poll GET /health/ready every 20 ms,
# time from spawn to the first 200. "single": no cluster. "join": a second node joining a running static cluster
# on 127.0.0.1 (ready = members 2), and the CPU it used until then (user + system, the kernel's accounting of its
# process: what a start costs whatever the cores, the figure that decides how fast six tasks start together on two
# cores). RSS: VmRSS of the single node 5 s after ready. Prints each run and medians. JAR=<other jar> compares builds.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/docker/target/nanoedge.jar}
RUNS=${1:-5}
ROLES=${2:-ops}
JVM_FLAGS=${JVM_FLAGS:-"-Xmx64m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -Djava.net.preferIPv4Stack=true"}
[ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
pids=()
work=$(mktemp -d)
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

wait_ready() { # port [members]
  local port=$1 want=${2:-} body
  for _ in $(seq 1 3000); do
    if body=$(curl -fs "http://127.0.0.1:$port/health/ready" 2>/dev/null); then
      if [ -z "$want" ] || echo "$body" | grep -q "\"members\":$want"; then return 0; fi
    fi
    sleep 0.02
  done
  echo "node on $port never became ready" >&2; return 1
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

"$ROOT/docker/cds/build-archive.sh" "$JAR" "$work/nanoedge.jsa" java
# Clustered nodes need the site's certificates (the bus is mutual TLS): a throwaway site for the bench.
java -jar "$JAR" certs "$work/certs" --site bench --nodes bench >/dev/null
declare -A single join rss cpu
for variant in plain cds; do single[$variant]=""; join[$variant]=""; rss[$variant]=""; cpu[$variant]=""; done
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }

measure() { # variant extra-flags
  local variant=$1 extra=$2 ops pid t0 t1 c1 c2 o1 o2 p1 p2 common
  ops=$(free_port)
  t0=$(now_ms)
  NANOEDGE_OPS_PORT=$ops java $JVM_FLAGS $extra -jar "$JAR" run --roles "$ROLES" >/dev/null 2>&1 &
  pid=$!; pids+=("$pid")
  wait_ready "$ops"; t1=$(now_ms); single[$variant]+="$((t1 - t0)) "
  sleep 5; rss[$variant]+="$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status") "
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true

  c1=$(free_port); c2=$(free_port); o1=$(free_port); o2=$(free_port)
  common="NANOEDGE_CLUSTER_CONFIG=static NANOEDGE_CLUSTER_HOST=127.0.0.1 NANOEDGE_CLUSTER_MEMBERS=127.0.0.1:$c1,127.0.0.1:$c2"
  common+=" NANOEDGE_CLUSTER_TLS_KEYSTORE=$work/certs/bench.p12 NANOEDGE_CLUSTER_TLS_TRUSTSTORE=$work/certs/truststore.p12"
  common+=" NANOEDGE_CLUSTER_TLS_PASSWORD_FILE=$work/certs/password"
  env $common NANOEDGE_CLUSTER_PORT=$c1 NANOEDGE_OPS_PORT=$o1 java $JVM_FLAGS $extra -jar "$JAR" run --roles "$ROLES" --cluster >/dev/null 2>&1 &
  p1=$!; pids+=("$p1")
  wait_ready "$o1" 1
  t0=$(now_ms)
  env $common NANOEDGE_CLUSTER_PORT=$c2 NANOEDGE_OPS_PORT=$o2 java $JVM_FLAGS $extra -jar "$JAR" run --roles "$ROLES" --cluster >/dev/null 2>&1 &
  p2=$!; pids+=("$p2")
  wait_ready "$o2" 2; t1=$(now_ms); join[$variant]+="$((t1 - t0)) "; cpu[$variant]+="$(cpu_ms "$p2") "
  kill -9 "$p1" "$p2"; wait "$p1" "$p2" 2>/dev/null || true
}

for i in $(seq 1 "$RUNS"); do
  measure plain ""
  measure cds "-XX:SharedArchiveFile=$work/nanoedge.jsa -Xshare:auto"
  echo "run $i: single $(echo ${single[plain]} | awk '{print $NF}') / $(echo ${single[cds]} | awk '{print $NF}') ms," \
    "joining $(echo ${join[plain]} | awk '{print $NF}') / $(echo ${join[cds]} | awk '{print $NF}') ms," \
    "its CPU $(echo ${cpu[plain]} | awk '{print $NF}') / $(echo ${cpu[cds]} | awk '{print $NF}') ms (without / with CDS)"
done
echo "roles=$ROLES runs=$RUNS flags: $JVM_FLAGS"
for variant in plain cds; do
  s=$(printf '%s\n' ${single[$variant]} | median); j=$(printf '%s\n' ${join[$variant]} | median)
  r=$(printf '%s\n' ${rss[$variant]} | median); c=$(printf '%s\n' ${cpu[$variant]} | median)
  echo "$variant: median cold start to ready ${s} ms single, ${j} ms joining a cluster (${c} ms of CPU); idle RSS ${r} MB"
done
