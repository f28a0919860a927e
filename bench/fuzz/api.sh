#!/usr/bin/env bash
# Fuzz the API's HTTP and CoAP fronts: random and truncated inputs mutated from bench/fuzz/corpus, against a node
# from the jar with the image's JVM flags (system-tests ApiFuzzIT; `./mvnw verify` runs a short pass of it).
#   bench/fuzz/api.sh [http=20000] [coap=60000] [seed=random]
# Passes when no input is answered 5xx / 5.xx, the node is alive and ready afterwards and no row changed. An input
# that fails is written to bench/fuzz/findings/<proto>-<seed>-<n>.bin; rerun with the printed seed to reproduce.
set -euo pipefail
cd "$(dirname "$0")/../.."
HTTP=${1:-20000}
COAP=${2:-60000}
SEED=${3:-$(date +%s%N)}
./mvnw -q -o -pl system-tests -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ApiFuzzIT -Dfailsafe.failIfNoSpecifiedTests=false -Dcheckstyle.skip \
  -Dfuzz.http="$HTTP" -Dfuzz.coap="$COAP" -Dfuzz.seed="$SEED"
grep -h "ApiFuzzIT:" system-tests/target/failsafe-reports/*ApiFuzzIT*-output.txt 2>/dev/null || true
