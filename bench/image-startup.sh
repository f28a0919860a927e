#!/usr/bin/env bash
# What class-data sharing buys inside the image, to decide what the image ships (docker/jlink/build-runtime.sh).
#   bench/image-startup.sh [runs=5] [image=nanoedge:0.1.0]
# Three ways, same image, same JVM flags (the image's JDK_JAVA_OPTIONS):
#   none     -Xshare:off: every class parsed from the jlink runtime and the jar
#   jdk      the image as built: the JDK's own archive (lib/server/classes.jsa, 12 MB, made by jlink)
#   app      plus a dynamic AppCDS archive of nanoedge's classes on top (-XX:ArchiveClassesAtExit, made here by
#            a clustered training node in a container of the image; its size is what shipping it would cost)
# Measured: "single" = `docker run` of an ops node -> first 200 on /health/ready (polled every 20 ms from the
# host); "join" = a second node joining a running one (static members on a bench network) -> ready with
# members 2; "probe" = one short-lived JVM (`java -jar nanoedge.jar --help`, what a health check costs) inside a
# running container. Medians of the runs. Docker must run (docker/build-image.sh first).
set -euo pipefail
RUNS=${1:-5}
IMAGE=${2:-nanoedge:0.1.0}
DOCKER=/usr/bin/docker
NET=nanoedge-bench
SUBNET=10.233.0
work=$(mktemp -d)
chmod 777 "$work"
cleanup() {
  "$DOCKER" ps -aq --filter "label=nanoedge-bench" | xargs -r "$DOCKER" rm -f >/dev/null 2>&1 || true
  "$DOCKER" network rm "$NET" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$DOCKER" network create --subnet "$SUBNET.0/24" "$NET" >/dev/null
base_opts=$("$DOCKER" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" | sed -n 's/^JDK_JAVA_OPTIONS=//p')
now_ms() { date +%s%3N; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ready() { # ip [members]
  local body
  for _ in $(seq 1 3000); do
    if body=$(curl -fs -m 1 "http://$1:9090/health/ready" 2>/dev/null); then
      [ -z "${2:-}" ] || echo "$body" | grep -q "\"members\":$2" && return 0
    fi
    sleep 0.02
  done
  return 1
}
node() { # name ip extra-opts [cluster]
  local cluster=()
  [ -z "${4:-}" ] || cluster=(-e NANOEDGE_CLUSTER_ENABLED=true -e NANOEDGE_CLUSTER_CONFIG=static
    -e "NANOEDGE_CLUSTER_MEMBERS=$SUBNET.11,$SUBNET.12" -e "NANOEDGE_CLUSTER_HOST=$SUBNET.*" -e NANOEDGE_CLUSTER_NAME=bench
    -e NANOEDGE_CLUSTER_TLS_KEYSTORE=/cds/certs/bench.p12 -e NANOEDGE_CLUSTER_TLS_TRUSTSTORE=/cds/certs/truststore.p12
    -e NANOEDGE_CLUSTER_TLS_PASSWORD_FILE=/cds/certs/password)
  "$DOCKER" run -d --label nanoedge-bench --name "$1" --network "$NET" --ip "$2" -v "$work:/cds" \
    -e NANOEDGE_ROLES=ops -e "JDK_JAVA_OPTIONS=$base_opts $3" "${cluster[@]}" "$IMAGE" >/dev/null
}

# Clustered nodes need the site's certificates (the bus is mutual TLS): a throwaway site, readable by the image's
# user (uid 10001) through the /cds mount.
"$DOCKER" run --rm --user "$(id -u):$(id -g)" -v "$work:/cds" "$IMAGE" certs /cds/certs --site bench --nodes bench \
  >/dev/null && chmod -R a+rX "$work/certs"
# The app archive: one clustered training node, stopped with SIGTERM (the JVM writes the archive as it exits).
node bench-train "$SUBNET.11" "-XX:ArchiveClassesAtExit=/cds/app.jsa" cluster
ready "$SUBNET.11" 1
curl -fs "http://$SUBNET.11:9090/metrics" >/dev/null
"$DOCKER" stop -t 30 bench-train >/dev/null && "$DOCKER" rm bench-train >/dev/null
[ -f "$work/app.jsa" ] || { echo "no app archive was written" >&2; exit 1; }
app_mb=$(du -m "$work/app.jsa" | cut -f1)

declare -A flags=([none]="-Xshare:off" [jdk]="" [app]="-XX:SharedArchiveFile=/cds/app.jsa")
for variant in none jdk app; do
  single="" join="" probe=""
  for _ in $(seq 1 "$RUNS"); do
    t0=$(now_ms); node bench-a "$SUBNET.11" "${flags[$variant]}"; ready "$SUBNET.11"; single="$single $(( $(now_ms) - t0 ))"
    t0=$(now_ms); "$DOCKER" exec bench-a java -jar /opt/nanoedge/nanoedge.jar --help >/dev/null 2>&1; probe="$probe $(( $(now_ms) - t0 ))"
    "$DOCKER" rm -f bench-a >/dev/null
    node bench-a "$SUBNET.11" "${flags[$variant]}" cluster; ready "$SUBNET.11" 1
    t0=$(now_ms); node bench-b "$SUBNET.12" "${flags[$variant]}" cluster; ready "$SUBNET.12" 2; join="$join $(( $(now_ms) - t0 ))"
    "$DOCKER" rm -f bench-a bench-b >/dev/null
  done
  printf '%-5s single median %5d ms [%s ]  join median %5d ms [%s ]  probe median %4d ms\n' "$variant" \
    "$(echo "$single" | median)" "$single" "$(echo "$join" | median)" "$join" "$(echo "$probe" | median)"
done
echo "image: $("$DOCKER" image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.1f MB", $1/1e6}') with the JDK archive (12 MB); the app archive would add $app_mb MB"
