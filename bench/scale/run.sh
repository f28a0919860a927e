#!/usr/bin/env bash
# Campus scale under faults (issue 14): every run of the issue's table, each on a site of its own (3 server JVMs,
# device JVMs as lite members, simulated CoAP devices, a fresh database behind a proxy), then docs/benchmarks.md
# with its PNG charts, written by the run itself.
#
#   bench/scale/run.sh                       the full size: 334 entrances (1,002 CoAP devices), 100 visits/s, 60 s
#   bench/scale/run.sh --ci                  the CI's short version: one small site, a leader SIGKILL, a device JVM
#                                            killed and restarted, MariaDB away 10 s, in 43 s of load; asserts 0
#                                            visits lost, writes no docs (a few minutes)
#   SCALE_RUNS=baseline,db-down SCALE_ENTRANCES=50 SCALE_RATE=20 SCALE_SECONDS=20 bench/scale/run.sh
#   SCALE_RUNS=... bench/scale/run.sh --report   the page again from those runs' last results, nothing run
#
# SCALE_JVM_OPTIONS adds flags to every site JVM, e.g. a flight recording of each to profile a run:
#   SCALE_JVM_OPTIONS="-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=/tmp/jfr/" (a directory)
# Bounded in time: each run is set-up + warm-up + seconds + a drain of at most 60 s; the whole command is killed
# after SCALE_LIMIT_MIN minutes (default 40). MVN_FLAGS=-o runs Maven offline.
set -euo pipefail
cd "$(dirname "$0")/../.."

entrances="${SCALE_ENTRANCES:-334}"
rate="${SCALE_RATE:-100}"
seconds="${SCALE_SECONDS:-60}"
warmup="${SCALE_WARMUP:-10}"
runs="${SCALE_RUNS:-baseline,leader-kill,device-churn,db-down}"
limit="${SCALE_LIMIT_MIN:-40}"
report="$PWD/docs"
assert=false
rerender=false
if [ "${1:-}" = "--report" ]; then
  rerender=true   # the page again from the runs' last results (system-tests/target/scale/*.json), nothing run
fi
if [ "${1:-}" = "--ci" ]; then
  entrances="${SCALE_ENTRANCES:-20}"
  rate="${SCALE_RATE:-10}"
  seconds="${SCALE_SECONDS:-40}"
  warmup="${SCALE_WARMUP:-3}"
  runs="${SCALE_RUNS:-faults}"
  limit="${SCALE_LIMIT_MIN:-8}"
  report=""
  assert=true
fi
mkdir -p system-tests/target
log=system-tests/target/bench-scale.log
echo "scale bench: runs $runs; $entrances entrances, $rate visits/s for $seconds s after $warmup s; load average" \
  "before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
if ! timeout "${limit}m" ./mvnw ${MVN_FLAGS:-} -q -pl system-tests -am verify -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScaleBenchIT -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dcheckstyle.skip=true -Dnanoedge.bench=true -Dnanoedge.scale.runs="$runs" \
    -Dnanoedge.scale.entrances="$entrances" -Dnanoedge.scale.rate="$rate" -Dnanoedge.scale.seconds="$seconds" \
    -Dnanoedge.scale.warmup="$warmup" -Dnanoedge.scale.report="$report" -Dnanoedge.scale.assert="$assert" \
    -Dnanoedge.scale.rerender="$rerender" -Dnanoedge.scale.jvm-options="${SCALE_JVM_OPTIONS:-}" \
    > "$log" 2>&1; then
  grep -h '^SCALE' system-tests/target/failsafe-reports/*ScaleBenchIT*-output.txt "$log" 2>/dev/null | sort -u || true
  grep -h -A3 'FAIL\|Expecting\|AssertionError' system-tests/target/failsafe-reports/*ScaleBenchIT*.txt 2>/dev/null \
    | head -40 || true
  echo "scale bench failed (or ran over ${limit} min); see $log" >&2
  exit 1
fi
grep -h '^SCALE' system-tests/target/failsafe-reports/*ScaleBenchIT*-output.txt "$log" 2>/dev/null | sort -u || true
[ -z "$report" ] || echo "scale bench: wrote docs/benchmarks.md and docs/benchmarks/*.png"
