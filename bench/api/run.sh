#!/usr/bin/env bash
# Loads the nanoedge API over HTTP (wrk) and CoAP (CoapLoad.java, Californium with several client
# endpoints) and prints requests/s with p50/p99 latency for: GET one room, GET a list of 50, POST an event.
# Starts its own api node on free loopback ports against a database of its own (dropped at the end).
#   bench/api/run.sh                 10 s per case
#   BENCH_SECONDS=30 bench/api/run.sh
# Needs: wrk, java 17, a MariaDB/MySQL reachable as BENCH_DB_URL (default the test user on 127.0.0.1:3306),
# the mariadb client, and docker/target/nanoedge.jar (built by ./nanoedge when missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECS=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
DB_URL=${BENCH_DB_URL:-mysql://nanoedge:nanoedge@127.0.0.1:3306}
TOKEN=bench-admin-token-0123456789
PSK=bench-psk-secret
JAR=docker/target/nanoedge.jar

for tool in wrk java mariadb curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required (apt-get install wrk mariadb-client curl)" >&2; exit 2; }
done
[ -f "$JAR" ] || ./nanoedge --help >/dev/null

CP="$JAR"

. "$ROOT/bench/lib.sh"
bench_db "$DB_URL" nanoedge_bench_$$
HTTP=$(free_port tcp); OPS=$(free_port tcp); COAP=$(free_port udp); COAPS=$(free_port udp)
cat > "$WORK/node.yaml" <<YAML
db.url: mysql://$DB_USER:$DB_PASS@$DB_HOST:$DB_PORT/$DB
db.pool-size: ${BENCH_POOL:-8}
admin.token: $TOKEN
tag.key: bench-tag-key-0123456789
api.public-read: true
http.host: 127.0.0.1
http.port: $HTTP
coap.host: 127.0.0.1
coap.port: $COAP
coaps.port: $COAPS
coap.psk-identity: bench
coap.psk-key: $PSK
ops.host: 127.0.0.1
ops.port: $OPS
YAML
java -Djava.net.preferIPv4Stack=true ${BENCH_JAVA_OPTS:-} -cp "$CP" io.nanoedge.launcher.Main run --roles api \
  --config "$WORK/node.yaml" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$OPS/health/ready" >/dev/null 2>&1 && break
  kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/node.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$OPS/health/ready" >/dev/null || { echo "bench: node not ready" >&2; cat "$WORK/node.log" >&2; exit 1; }

API="http://127.0.0.1:$HTTP"
post() { curl -sf -X POST "$API$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
post /api/rooms '{"name":"Room R","location":"room-r-door","capacity":8,"entrances":["entrance"],"ledPath":["corridor-1","corridor-2","corridor-3"],"displayNode":"room-r"}'
post /api/rooms '{"name":"Room S","location":"room-s-door","capacity":8,"entrances":["entrance"],"ledPath":["corridor-1"]}'
for i in $(seq 1 60); do post /api/persons "{\"name\":\"Person $i\",\"email\":\"person$i@example.org\"}"; done

# wrk prints latency percentiles in its own units (us/ms/s): normalise to ms.
to_ms() { python3 -c "
import sys, re
m = re.match(r'([0-9.]+)(us|ms|s)', sys.argv[1]); v = float(m.group(1))
print('%.2f' % (v / 1000 if m.group(2) == 'us' else v * 1000 if m.group(2) == 's' else v))" "$1"; }
http_case() {
  local label=$1; shift
  SLOT_OFFSET=0 wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$@" >/dev/null 2>&1
  local out; out=$(SLOT_OFFSET=100000 wrk -t2 -c"$CONNECTIONS" -d"${SECS}s" --latency "$@")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out"); errors=${errors:-0}
  printf "%-28s http  %8s req/s  p50 %7s ms  p99 %7s ms  errors %s  (%s connections)\n" "$label" "$rps" "$p50" "$p99" \
    "$errors" "$CONNECTIONS"
}
coap_case() {
  java -cp "$CP" bench/api/CoapLoad.java --seconds "$SECS" --warmup "$WARMUP" --inflight "$CONNECTIONS" \
    --endpoints "$CONNECTIONS" "$@" 2>/dev/null
}

echo "nanoedge API bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before start, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), ${SECS}s per case after ${WARMUP}s warm-up, client and server on this machine"
http_case "GET /api/rooms/1" -H "Authorization: Bearer $TOKEN" "$API/api/rooms/1"
http_case "GET /api/persons?limit=50" -H "Authorization: Bearer $TOKEN" "$API/api/persons?limit=50"
http_case "POST /api/events" -s bench/api/post-event.lua "$API" -- 1 "$TOKEN"
coap_case --label "GET /api/rooms/1" --uri "coap://127.0.0.1:$COAP/api/rooms/1"
coap_case --label "GET /api/persons?limit=50" --uri "coap://127.0.0.1:$COAP/api/persons?limit=50"
coap_case --label "POST /api/events (DTLS PSK)" --method POST --uri "coaps://127.0.0.1:$COAPS/api/events" --psk "bench:$PSK" \
  --body '{"title":"bench","roomId":2,"start":"{start}","end":"{end}"}'
echo "events stored: $(mariadb -N -u"$DB_USER" -p"$DB_PASS" -h"$DB_HOST" -P"$DB_PORT" "$DB" -e 'SELECT COUNT(*) FROM events')"
