#!/usr/bin/env python3
"""A PIR sensor for nanoedge that is not a JVM: publishes Motion facts through the TCP event-bus bridge.

Standard library only. Frames are a 4-byte big-endian length followed by UTF-8 JSON (vertx-tcp-eventbus-bridge).
The bridge must allow nanoedge.presence.motion inbound (bridge.enabled=true on a device node; the default
allow-list is exactly that address).

  pir_bridge.py --host 10.0.0.5 --location corridor-2 --once           # one motion, then exit
  pir_bridge.py --host 10.0.0.5 --location corridor-2 --gpio 17         # watch sysfs GPIO 17 (rising edges)
  pir_bridge.py --host 10.0.0.5 --location corridor-2 --value-file F    # watch a file holding 0 or 1

The bridge answers a refused frame with {"type": "err", "message": ...}; the script prints it and exits 1.
"""
import argparse
import json
import os
import socket
import struct
import sys
import time
from datetime import datetime, timezone

MOTION = "nanoedge.presence.motion"


def frame(message):
    data = json.dumps(message).encode("utf-8")
    return struct.pack(">I", len(data)) + data


def read_frame(sock):
    header = _read_exactly(sock, 4)
    (length,) = struct.unpack(">I", header)
    return json.loads(_read_exactly(sock, length).decode("utf-8"))


def _read_exactly(sock, n):
    chunks = b""
    while len(chunks) < n:
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            raise ConnectionError("bridge closed the connection")
        chunks += chunk
    return chunks


def publish_motion(sock, location, source):
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    sock.sendall(frame({"type": "publish", "address": MOTION,
                        "body": {"location": location, "at": now, "source": source}}))


def check_refused(sock, wait_s):
    """A publish gets no answer when accepted; a ping after it proves the bridge read it (pong, or err first)."""
    sock.sendall(frame({"type": "ping"}))
    sock.settimeout(wait_s)
    reply = read_frame(sock)
    if reply.get("type") == "err":
        raise RuntimeError("bridge refused the motion: " + str(reply.get("message")))


def watch(path, poll_s):
    """Yields once per rising edge of a file holding 0/1 (sysfs GPIO value, or any file a test writes)."""
    last = "0"
    while True:
        try:
            with open(path) as f:
                value = f.read().strip() or "0"
        except OSError:
            value = "0"
        if value == "1" and last != "1":
            yield
        last = value
        time.sleep(poll_s)


def export_gpio(pin):
    base = "/sys/class/gpio"
    if not os.path.isdir(f"{base}/gpio{pin}"):
        with open(f"{base}/export", "w") as f:
            f.write(str(pin))
    with open(f"{base}/gpio{pin}/direction", "w") as f:
        f.write("in")
    return f"{base}/gpio{pin}/value"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7000)
    p.add_argument("--location", required=True, help="location of this PIR, e.g. corridor-2")
    p.add_argument("--source", default="python-pir@" + socket.gethostname())
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--once", action="store_true", help="publish one motion and exit")
    group.add_argument("--gpio", type=int, help="BCM pin to watch through /sys/class/gpio")
    group.add_argument("--value-file", help="file holding 0 or 1 to watch")
    p.add_argument("--poll-ms", type=int, default=50)
    args = p.parse_args(argv)

    with socket.create_connection((args.host, args.port), timeout=5) as sock:
        if args.once:
            publish_motion(sock, args.location, args.source)
            check_refused(sock, 5)
            print(f"motion published for {args.location}")
            return 0
        path = export_gpio(args.gpio) if args.gpio is not None else args.value_file
        for _ in watch(path, args.poll_ms / 1000.0):
            publish_motion(sock, args.location, args.source)
            check_refused(sock, 5)
            print(f"motion published for {args.location}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError, ValueError) as e:
        print(f"pir_bridge: {e}", file=sys.stderr)
        sys.exit(1)
