#!/usr/bin/env bash
# The fuzz runs, one after the other: the API's HTTP and CoAP fronts (api.sh, through system-tests ApiFuzzIT), the
# device fronts (devices.sh: CoAP datagrams, TLS bridge frames, display requests against a node from the jar) and the
# operator shell (shell.sh: shell lines over telnet, then clients that do not behave, against a node from the jar).
# Each passes with 0 crashes, 0 server errors and 0 rows changed; see the scripts for their arguments.
#   bench/fuzz/run.sh            FUZZ_SECONDS=180 bench/fuzz/run.sh 60000 200000
set -uo pipefail
cd "$(dirname "$0")"
status=0
./api.sh "$@" || status=1
./devices.sh || status=1
./shell.sh || status=1
exit $status
