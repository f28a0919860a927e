#!/usr/bin/env bash
# Controller benchmark: N visits per second through simulated devices (scan window 0), latency from motion
# to the guide command at the first LED node, p50/p99, on one node and across three controller JVMs.
#
#   bench/controller/run.sh [visits-per-second] [seconds] [warm-up-seconds]     (defaults: 50 20 5)
#   MVN_FLAGS=-o bench/controller/run.sh 100 30
#
# Builds what it needs, runs system-tests/src/test/java/io/nanoedge/it/controller/ControllerBenchIT (skipped in
# ordinary test runs), prints the BENCH lines and keeps them in system-tests/target/bench-controller.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
rate="${1:-50}"
seconds="${2:-20}"
warmup="${3:-5}"
out=system-tests/target/bench-controller.txt
# Other work on the machine skews the figures: keep the load seen before the run with them.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086
./mvnw ${MVN_FLAGS:-} -q -pl system-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ControllerBenchIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dnanoedge.bench=true -Dnanoedge.bench.rate="$rate" -Dnanoedge.bench.seconds="$seconds" \
  -Dnanoedge.bench.warmup="$warmup" > system-tests/target/bench-controller.log 2>&1 || {
  echo "benchmark failed; see system-tests/target/bench-controller.log" >&2
  exit 1
}
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1)," \
    "load average before the run $load_before"
  grep -h '^BENCH' system-tests/target/failsafe-reports/*ControllerBenchIT*-output.txt system-tests/target/bench-controller.log \
    2>/dev/null | sort -u
} | tee "$out"
