#!/usr/bin/env bash
# Builds an AppCDS archive of nanoedge.jar for one Java runtime: a clustered node starts once while the JVM
# records the classes it loads (Vert.x, Netty, Hazelcast, Micrometer: most of a node's start-up time), then
# those classes are dumped, pre-parsed and verified, into the archive. A node started with
# -XX:SharedArchiveFile=<archive> maps them instead of loading them again (measured: a joining clustered node
# ready in ~2.1 s instead of ~3.8 s; see bench/startup.sh). An archive is only valid for the runtime and jar it
# was made with: build it where the node runs. The image does not ship one (46-57 MB, over its size budget; it
# ships the JDK's own archive instead: docker/README.md, bench/image-startup.sh).
#   docker/cds/build-archive.sh <nanoedge.jar> <archive.jsa> [java]
set -euo pipefail
JAR=$1
OUT=$2
JAVA=${3:-java}
# The same heap and GC settings as the nodes that will use it.
FLAGS=(-Xmx64m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true)
OPS_PORT=${CDS_OPS_PORT:-19090}
CLUSTER_PORT=${CDS_CLUSTER_PORT:-15701}

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# HTTP GETs on loopback with bash alone (the image has no curl); each in a subshell of its own.
ready() {
  ( exec 3<>"/dev/tcp/127.0.0.1/$OPS_PORT" && printf 'GET /health/ready HTTP/1.0\r\n\r\n' >&3 \
    && head -c 12 <&3 | grep -q ' 200' ) 2>/dev/null
}
get() { ( exec 3<>"/dev/tcp/127.0.0.1/$OPS_PORT" && printf 'GET %s HTTP/1.0\r\n\r\n' "$1" >&3 && cat <&3 >/dev/null ); }

# A clustered node needs the site's certificates (its bus is mutual TLS): a throwaway site for the training run,
# made by the runtime's own keytool (so the TLS classes are in the archive too).
"$JAVA" -jar "$JAR" certs "$work/certs" --site cds-training --nodes training >"$work/certs.log" 2>&1 \
  || { cat "$work/certs.log" >&2; echo "cds: cannot make the training node's certificates" >&2; exit 1; }
env -i PATH="$PATH" NANOEDGE_OPS_HOST=127.0.0.1 NANOEDGE_OPS_PORT="$OPS_PORT" NANOEDGE_CLUSTER_CONFIG=static \
  NANOEDGE_CLUSTER_HOST=127.0.0.1 NANOEDGE_CLUSTER_PORT="$CLUSTER_PORT" \
  NANOEDGE_CLUSTER_TLS_KEYSTORE="$work/certs/training.p12" NANOEDGE_CLUSTER_TLS_TRUSTSTORE="$work/certs/truststore.p12" \
  NANOEDGE_CLUSTER_TLS_PASSWORD_FILE="$work/certs/password" \
  NANOEDGE_CLUSTER_MEMBERS="127.0.0.1:$CLUSTER_PORT" NANOEDGE_CLUSTER_NAME="cds-training-$$" \
  "$JAVA" "${FLAGS[@]}" -XX:DumpLoadedClassList="$work/classes.lst" -jar "$JAR" run --roles ops --cluster \
  >"$work/node.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  if ready; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$work/node.log" >&2; echo "cds: the training node exited" >&2; exit 1; }
  sleep 0.1
done
ready || { cat "$work/node.log" >&2; echo "cds: the training node never became ready" >&2; exit 1; }
get /metrics
get /health/live
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=

"$JAVA" "${FLAGS[@]}" -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$OUT" \
  -cp "$JAR" >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; echo "cds: dump failed" >&2; exit 1; }
echo "cds: $(wc -l <"$work/classes.lst") classes archived in $OUT ($(du -h "$OUT" | cut -f1))"
