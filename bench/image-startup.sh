#!/usr/bin/env bash
# What class-data sharing buys inside the image, to decide what the image ships (docker/jlink/build-runtime.sh).
#   bench/image-startup.sh [runs=5] [image=nanoedge:0.1.0]
# Three ways, same image, same JVM flags (the image's JDK_JAVA_OPTIONS):
#   none     NANOEDGE_CDS=off and -Xshare:off: every class parsed from the jlink runtime and the jar
#   jdk      NANOEDGE_CDS=off: the JDK's own archive only (lib/server/classes.jsa, 12 MB, made by jlink)
#   app      the image as built: plus the archive of nanoedge's classes that the entry point unpacks into /tmp
#            (docker/launch/nanoedge.c; made in the image build by docker/cds/build-archive.sh)
# Measured: "single" = `docker run` of an ops node -> first 200 on /health/ready (polled every 20 ms from the
# host); "join" = a second node joining a running one (static members on a bench network) -> ready with
# members 2; "probe" = one short-lived JVM (`nanoedge --help` through the entry point) inside a running
# container; "cpu" = the joining container's CPU (its cgroup's usage) until it is ready. Medians of the runs.
# Docker must run (docker/build-image.sh first).
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
node() { # name ip extra-opts [cluster] [cds on|off]
  local cluster=()
  [ -z "${4:-}" ] || cluster=(-e NANOEDGE_CLUSTER_ENABLED=true -e NANOEDGE_CLUSTER_CONFIG=static
    -e "NANOEDGE_CLUSTER_MEMBERS=$SUBNET.11,$SUBNET.12" -e "NANOEDGE_CLUSTER_HOST=$SUBNET.*" -e NANOEDGE_CLUSTER_NAME=bench
    -e NANOEDGE_CLUSTER_TLS_KEYSTORE=/cds/certs/bench.p12 -e NANOEDGE_CLUSTER_TLS_TRUSTSTORE=/cds/certs/truststore.p12
    -e NANOEDGE_CLUSTER_TLS_PASSWORD_FILE=/cds/certs/password)
  "$DOCKER" run -d --label nanoedge-bench --name "$1" --network "$NET" --ip "$2" -v "$work:/cds" \
    -e NANOEDGE_ROLES=ops -e "NANOEDGE_CDS=${5:-on}" -e "JDK_JAVA_OPTIONS=$base_opts $3" "${cluster[@]}" "$IMAGE" >/dev/null
}

# Clustered nodes need the site's certificates (the bus is mutual TLS): a throwaway site, readable by the image's
# user (uid 10001) through the /cds mount.
"$DOCKER" run --rm --user "$(id -u):$(id -g)" -v "$work:/cds" "$IMAGE" certs /cds/certs --site bench --nodes bench \
  >/dev/null && chmod -R a+rX "$work/certs"
# CPU time (ns) a running container has used: its cgroup's cpu.stat (v2) or cpuacct.usage (v1).
cpu_ns() {
  local id
  id=$("$DOCKER" inspect -f '{{.Id}}' "$1")
  for f in "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat" "/sys/fs/cgroup/docker/$id/cpu.stat"; do
    [ -f "$f" ] && { awk '/^usage_usec/ {print $2 * 1000}' "$f"; return; }
  done
  cat "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage" 2>/dev/null || echo 0
}

declare -A flags=([none]="-Xshare:off" [jdk]="" [app]="")
declare -A cds=([none]=off [jdk]=off [app]=on)
for variant in none jdk app; do
  single="" join="" probe="" cpu=""
  for _ in $(seq 1 "$RUNS"); do
    t0=$(now_ms); node bench-a "$SUBNET.11" "${flags[$variant]}" "" "${cds[$variant]}"; ready "$SUBNET.11"; single="$single $(( $(now_ms) - t0 ))"
    t0=$(now_ms); "$DOCKER" exec -e "NANOEDGE_CDS=${cds[$variant]}" bench-a /opt/nanoedge/nanoedge --help >/dev/null 2>&1
    probe="$probe $(( $(now_ms) - t0 ))"
    "$DOCKER" rm -f bench-a >/dev/null
    node bench-a "$SUBNET.11" "${flags[$variant]}" cluster "${cds[$variant]}"; ready "$SUBNET.11" 1
    t0=$(now_ms); node bench-b "$SUBNET.12" "${flags[$variant]}" cluster "${cds[$variant]}"; ready "$SUBNET.12" 2; join="$join $(( $(now_ms) - t0 ))"
    cpu="$cpu $(( $(cpu_ns bench-b) / 1000000 ))"
    "$DOCKER" rm -f bench-a bench-b >/dev/null
  done
  printf '%-5s single median %5d ms [%s ]  join median %5d ms [%s ]  join cpu median %5d ms [%s ]  probe median %4d ms\n' \
    "$variant" "$(echo "$single" | median)" "$single" "$(echo "$join" | median)" "$join" "$(echo "$cpu" | median)" "$cpu" \
    "$(echo "$probe" | median)"
done
echo "image: $("$DOCKER" image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.1f MB", $1/1e6}')"
