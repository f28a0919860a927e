#!/usr/bin/env bash
# Fuzzes the operator shell (issue 11), in two parts:
# 1. shell lines over telnet (verticles/shell ShellFuzzTest; `./mvnw verify` runs it with 1500 lines): the bad lines of
#    bench/fuzz/corpus/shell/invalid.txt, the valid lines of valid.txt broken on purpose and salted with control,
#    format and non-ASCII characters, lines longer than the line editor holds, unbalanced quotes, cancelled lines and
#    raw bytes. Passes when every bad line is answered naming the problem, no Java reaches the terminal and the stand-ins
#    for the roles behind the commands are asked nothing.
# 2. clients that do not behave, against a node from the jar with the image's JVM flags (-Xmx96m): some never answer
#    the telnet negotiation and stream bytes, some negotiate, then type lines without end and read nothing. Prints the
#    live heap (a class histogram, after a full GC) before, during and after; passes when the node is ready and its
#    shell answers afterwards.
#   bench/fuzz/shell.sh [lines=20000] [seed=random]          FLOOD_SECONDS=60 bench/fuzz/shell.sh
# Needs: java 17 (with jcmd), python3, docker/target/nanoedge.jar (built by ./nanoedge when missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
LINES=${1:-20000}
SEED=${2:-$(date +%s%N)}
SECS=${FLOOD_SECONDS:-20}
JAR=docker/target/nanoedge.jar
for tool in java jcmd python3 curl; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool is required" >&2; exit 2; }
done
status=0

echo "shell fuzz: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $LINES lines, seed $SEED"
set +e
# The test's 120 s timeout is sized for verify's 1,500 lines; here the line count bounds the run.
./mvnw -o -B -pl verticles/shell -am test -Dtest=ShellFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcheckstyle.skip -Dfuzz.shell.lines="$LINES" -Dfuzz.seed="$SEED" \
  -Djunit.jupiter.execution.timeout.mode=disabled > "${TMPDIR:-/tmp}/shell-fuzz-$$.log" 2>&1
mvn_status=$?
set -e
grep -E "ShellFuzzTest:|Tests run:.*ShellFuzzTest|lines answered wrongly|Expecting" "${TMPDIR:-/tmp}/shell-fuzz-$$.log" || true
[ $mvn_status = 0 ] || { echo "shell fuzz: FAILED (log: ${TMPDIR:-/tmp}/shell-fuzz-$$.log)"; status=1; }

[ -f "$JAR" ] || ./nanoedge --help >/dev/null
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }
SHELL_PORT=$(free_port); OPS=$(free_port)
LOG=$(mktemp)
NANOEDGE_NODE_ID=shell-flood NANOEDGE_SHELL_PORT=$SHELL_PORT NANOEDGE_OPS_HOST=127.0.0.1 NANOEDGE_OPS_PORT=$OPS \
  java -Xmx96m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m \
  -XX:MaxDirectMemorySize=32m -Djava.net.preferIPv4Stack=true -jar "$JAR" run --roles shell > "$LOG" 2>&1 &
NODE_PID=$!
trap 'kill $NODE_PID 2>/dev/null; wait $NODE_PID 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$OPS/health/ready" >/dev/null 2>&1 && break
  kill -0 "$NODE_PID" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
# The live heap: what a class histogram counts, after the full GC it makes (GC.heap_info would count what the flood
# allocated between the GC and the reading).
heap() { jcmd "$NODE_PID" GC.class_histogram | awk '/^Total/ {printf "%.1f MiB", $3 / 1048576}'; }
before=$(heap)
# The first session loads termd's terminal database, which stays: the flood is measured against that.
NANOEDGE_SHELL_PORT=$SHELL_PORT java -jar "$JAR" shell nodes x >/dev/null 2>&1 || true
echo "shell flood: ${SECS}s against a node at -Xmx96m; live heap at start $before, after one session $(heap)"
python3 - "$SHELL_PORT" "$SECS" "$NODE_PID" <<'PY'
import re, socket, subprocess, sys, threading, time
port, secs, pid = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
IAC, DO, WILL, SB, SE = 255, 253, 251, 250, 240
sent = {}
def stream(name, negotiate):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    if negotiate:
        # what a terminal answers (binary both ways, a window size, a terminal type); then it never reads again
        s.sendall(bytes([IAC, WILL, 0, IAC, DO, 0, IAC, DO, 3, IAC, DO, 1, IAC, WILL, 31,
                         IAC, SB, 31, 0, 160, 0, 50, IAC, SE, IAC, WILL, 24, IAC, SB, 24, 0]) + b"xterm" + bytes([IAC, SE]))
        time.sleep(0.5)
    line = (b"visit " + b"v" * 80 + b"\r") if negotiate else b"GET / HTTP/1.1\r\n"
    s.settimeout(2)
    total, end = 0, time.time() + secs
    try:
        while time.time() < end:
            s.sendall(line * 64)
            total += len(line) * 64
    except (socket.timeout, OSError):
        pass
    sent[name] = total
    threading.Event().wait(max(0, end - time.time()))
    s.close()
threads = [threading.Thread(target=stream, args=(("negotiated-%d" if n % 2 else "raw-%d") % n, n % 2 == 1)) for n in range(8)]
for t in threads: t.start()
time.sleep(secs * 0.9)
histogram = subprocess.check_output(["jcmd", pid, "GC.class_histogram"]).decode()
live = int(re.search(r"^Total\s+\d+\s+(\d+)", histogram, re.M).group(1))
print("shell flood: live heap during the flood: %.1f MiB" % (live / 1048576))
for t in threads: t.join()
print("shell flood: bytes each client could send before the node stopped reading or closed it: " +
      ", ".join("%s %.1f kB" % (k, v / 1000) for k, v in sorted(sent.items())))
PY
ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OPS/health/ready")
answer=$(NANOEDGE_SHELL_PORT=$SHELL_PORT java -jar "$JAR" shell visit v/1 2>&1 | tr -d '\r' | head -3 || true)
echo "shell flood: node alive, /health/ready $ready; live heap after: $(heap); the shell answers: ${answer%%$'\n'*}"
[ "$ready" = 200 ] || status=1
kill -0 "$NODE_PID" 2>/dev/null || { echo "shell flood: the node died"; status=1; }
grep -q "must be 1 to 64" <<< "$answer" || { echo "shell flood: the shell did not answer afterwards"; status=1; }
exit $status
