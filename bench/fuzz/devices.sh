#!/usr/bin/env bash
# Fuzzes a node's device fronts (issue 11): random and truncated CoAP datagrams, bridge frames and display requests
# from bench/fuzz/corpus, for FUZZ_SECONDS (default 20, the CI-sized run; a few minutes by hand), against one node
# started from the jar with the image's JVM flags (-Xmx96m ...): api, controller, coap gateway, CoAP PIR driver,
# room with its display, the TLS bridge. Then checks: 0 crashes (the node is alive and ready), 0 server errors
# (no CoAP 5.xx, no HTTP 5xx), 0 rows changed, and prints the heap after a full GC.
#   bench/fuzz/devices.sh                   FUZZ_SECONDS=180 FUZZ_SEED=7 bench/fuzz/devices.sh
# Needs: java 17 (with jcmd), the mariadb client, openssl, python3, a MariaDB reachable as FUZZ_DB_URL (default the
# test user on 127.0.0.1:3306) and docker/target/nanoedge.jar (built by ./nanoedge when missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECS=${FUZZ_SECONDS:-20}
SEED=${FUZZ_SEED:-1}
DB_URL=${FUZZ_DB_URL:-mysql://nanoedge:nanoedge@127.0.0.1:3306}
JAR=docker/target/nanoedge.jar
for tool in java jcmd mariadb openssl python3 curl; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool is required" >&2; exit 2; }
done
[ -f "$JAR" ] || ./nanoedge --help >/dev/null

. "$ROOT/bench/lib.sh"
bench_db "$DB_URL" nanoedge_fuzz_$$
HTTP=$(free_port tcp); OPS=$(free_port tcp); DISPLAY=$(free_port tcp); BRIDGE=$(free_port tcp)
COAP=$(free_port udp); COAPS=$(free_port udp); SEEDS=$(free_port udp); PIR=$(free_port udp)
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 -keyout "$WORK/bridge.key" \
  -out "$WORK/bridge.crt" 2>/dev/null
cat > "$WORK/node.yaml" <<YAML
node.id: fuzz
db.url: mysql://$DB_USER:$DB_PASS@$DB_HOST:$DB_PORT/$DB
admin.token: fuzz-admin-token-0123456789
tag.key: fuzz-tag-key-0123456789
device.key: fuzz-device-key-0123456789
http.host: 127.0.0.1
http.port: $HTTP
ops.host: 127.0.0.1
ops.port: $OPS
coap.host: 127.0.0.1
coap.port: $COAP
coaps.port: $COAPS
coaps.seed-port: $SEEDS
presence.location: entrance
presence.driver: coap
presence.coap-port: $PIR
ble.location: entrance
room.location: room-r
display.port: $DISPLAY
display.pairing-code: fuzz-kiosk-code-0123456789
bridge.enabled: true
bridge.port: $BRIDGE
bridge.tls-cert-file: $WORK/bridge.crt
bridge.tls-key-file: $WORK/bridge.key
YAML
# The image's JVM flags (docker/Dockerfile): the limits must hold at -Xmx96m.
java -Xmx96m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m \
  -XX:MaxDirectMemorySize=32m -Djava.net.preferIPv4Stack=true -jar "$JAR" run \
  --roles api,controller,coap,presence,ble,room --config "$WORK/node.yaml" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$OPS/health/ready" >/dev/null 2>&1 && break
  kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/node.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$OPS/health/ready" >/dev/null || { echo "fuzz: node not ready" >&2; tail -50 "$WORK/node.log" >&2; exit 1; }

rows() { sql "SELECT (SELECT COUNT(*) FROM $DB.visits), (SELECT COUNT(*) FROM $DB.status_log), (SELECT COUNT(*) FROM $DB.events), (SELECT COUNT(*) FROM $DB.persons), (SELECT COUNT(*) FROM $DB.devices)"; }
heap() { jcmd "$NODE_PID" GC.run >/dev/null; jcmd "$NODE_PID" GC.heap_info | awk '/def new generation|tenured generation/ {gsub(/K,?/, "", $6); used += $6} END {printf "%.1f MiB", used / 1024}'; }
BEFORE=$(rows)
HEAP_BEFORE=$(heap)
echo "nanoedge fuzz: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${SECS}s, seed $SEED, node at -Xmx96m; heap after full GC $HEAP_BEFORE"
status=0
java bench/fuzz/DeviceFuzz.java --seconds "$SECS" --seed "$SEED" --corpus bench/fuzz/corpus --coap "$COAP" \
  --seed-dtls "$SEEDS" --pir "$PIR" --bridge "$BRIDGE" --display "$DISPLAY" || status=1
AFTER=$(rows)
if ! kill -0 "$NODE_PID" 2>/dev/null; then
  echo "fuzz: the node died"; tail -50 "$WORK/node.log"; exit 1
fi
ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OPS/health/ready")
echo "fuzz: node alive, /health/ready $ready; heap after full GC $(heap) (before: $HEAP_BEFORE)"
echo "fuzz: rows (visits, status_log, events, persons, devices) before [$BEFORE] after [$AFTER]"
errors=$(grep -c ' ERROR ' "$WORK/node.log" || true)
echo "fuzz: ERROR lines in the node's log: $errors"
# The kinds, most frequent first (time stamps and thread names cut), so a run says what they were.
grep ' ERROR ' "$WORK/node.log" | sed -E 's/^[0-9:.]+ \[[^]]*\] //' | cut -c1-160 | sort | uniq -c | sort -rn | head -5 || true
[ "$ready" = 200 ] || status=1
[ "$BEFORE" = "$AFTER" ] || { echo "fuzz: rows changed"; status=1; }
exit $status
