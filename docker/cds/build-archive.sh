#!/usr/bin/env bash
# Builds the class-data archive of nanoedge's own classes that the image ships (docker/Dockerfile, stage cds): a
# clustered training node with every role (simulated drivers, no database: the API's database classes load while
# it tries to reach one) starts once, is asked for its health, metrics and an API page, and is stopped with SIGTERM;
# the JVM then writes the classes it loaded (Vert.x, Netty, Hazelcast, Californium, the roles), parsed and
# verified, as a dynamic archive on top of the runtime's own (-XX:ArchiveClassesAtExit). A node started with
# -XX:SharedArchiveFile=<archive> maps them instead of loading them (docker/README.md has the figures).
# An archive only fits the runtime, the jar (path, size, time) and the heap mode it was made with, so it is made in
# the image build, by the image's runtime, from the jar at the path the image has it; a JVM for which it does not
# fit says so and loads its classes the usual way.
#   docker/cds/build-archive.sh <nanoedge.jar> <archive.jsa> [java]
# The JVM flags are the image's: JDK_JAVA_OPTIONS, which the java launcher reads, is passed through. The training
# node listens on loopback on ports the system picks (0), so it can run beside anything else; it names them in its log.
set -euo pipefail
JAR=$1
OUT=$2
JAVA=${3:-java}

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# HTTP GETs on loopback with bash alone; each in a subshell of its own.
get() { # port path -> body (the status line and headers included)
  ( exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.0\r\n\r\n' "$2" >&3 && cat <&3 ) 2>/dev/null
}
# The node's line once every role is deployed (readiness itself never comes: there is no database), and the ports
# its log names.
started() { grep -q '^nanoedge node .* started in' "$work/node.log"; }
logged_port() { sed -n "s|.*$1\([0-9][0-9]*\).*|\1|p" "$work/node.log" | head -1; }

# A clustered node needs the site's certificates (its bus is mutual TLS): a throwaway site for the training run,
# made by the runtime's own keytool (so the TLS classes are in the archive too).
"$JAVA" -jar "$JAR" certs "$work/certs" --site cds-training --nodes training >"$work/certs.log" 2>&1 \
  || { cat "$work/certs.log" >&2; echo "cds: cannot make the training node's certificates" >&2; exit 1; }
env -i PATH="$PATH" ${JDK_JAVA_OPTIONS:+JDK_JAVA_OPTIONS="$JDK_JAVA_OPTIONS"} \
  NANOEDGE_OPS_HOST=127.0.0.1 NANOEDGE_OPS_PORT=0 NANOEDGE_HTTP_PORT=0 NANOEDGE_COAP_PORT=0 NANOEDGE_COAPS_PORT=0 \
  NANOEDGE_COAPS_SEED_PORT=0 NANOEDGE_DISPLAY_PORT=0 NANOEDGE_PRESENCE_COAP_PORT=0 NANOEDGE_ROOM_COAP_PORT=0 \
  NANOEDGE_BRIDGE_PORT=0 NANOEDGE_SHELL_PORT=0 \
  NANOEDGE_CLUSTER_CONFIG=static NANOEDGE_CLUSTER_HOST=127.0.0.1 NANOEDGE_CLUSTER_PORT=0 \
  NANOEDGE_CLUSTER_MEMBERS=127.0.0.1 NANOEDGE_CLUSTER_NAME="cds-training-$$" \
  NANOEDGE_CLUSTER_TLS_KEYSTORE="$work/certs/training.p12" NANOEDGE_CLUSTER_TLS_TRUSTSTORE="$work/certs/truststore.p12" \
  NANOEDGE_CLUSTER_TLS_PASSWORD_FILE="$work/certs/password" \
  NANOEDGE_DB_URL=mysql://training:training@127.0.0.1:1/nanoedge NANOEDGE_DB_RECONNECT_MAX_MS=5000 \
  NANOEDGE_ADMIN_TOKEN=cds-training-admin-token NANOEDGE_TAG_KEY=cds-training-tag-key \
  "$JAVA" -XX:ArchiveClassesAtExit="$OUT" -jar "$JAR" run --roles all --cluster >"$work/node.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  if started; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$work/node.log" >&2; echo "cds: the training node exited" >&2; exit 1; }
  sleep 0.1
done
started || { cat "$work/node.log" >&2; echo "cds: the training node's roles never deployed" >&2; exit 1; }
ops=$(logged_port 'ops http://127.0.0.1:')
# Requests only to load the classes that serve them: what they answer does not matter.
get "$ops" /health/ready >/dev/null || true
get "$ops" /metrics >/dev/null || true
get "$ops" /health/live >/dev/null || true
get "$(logged_port 'api listening: http ')" /api/rooms >/dev/null || true
get "$(logged_port ': display on port ')" / >/dev/null || true
# SIGTERM: the node leaves its cluster and exits; the JVM writes the archive on its way out.
kill -TERM "$pid"
for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then cat "$work/node.log" >&2; echo "cds: the training node did not stop" >&2; exit 1; fi
pid=
[ -s "$OUT" ] || { cat "$work/node.log" >&2; echo "cds: no archive was written" >&2; exit 1; }
echo "cds: $(grep -c . "$work/node.log") log lines; archive $OUT ($(du -h "$OUT" | cut -f1))"
