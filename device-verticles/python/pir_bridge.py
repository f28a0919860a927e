#!/usr/bin/env python3
"""A PIR sensor for nanoedge that is not a JVM: publishes Motion facts through the TCP event-bus bridge.

Standard library only. Frames are a 4-byte big-endian length followed by UTF-8 JSON (vertx-tcp-eventbus-bridge),
over TLS (the bridge's certificate is checked against --ca). The first frame logs in as a registered device
(POST /api/devices with kind pir and this PIR's location; its psk is the key): it proves the key with
HMAC-SHA256(key, "nanoedge-bridge-login|<identity>|<epoch ms>") and never sends it. The motion's location is the
device's own.

  pir_bridge.py --host 10.0.0.5 --ca bridge-ca.pem --identity pir-c2 --key-file pir-c2.key --once
  pir_bridge.py --host 10.0.0.5 --ca bridge-ca.pem --identity pir-c2 --key-file pir-c2.key --gpio 17
  pir_bridge.py ... --value-file F      # watch a file holding 0 or 1
  pir_bridge.py ... --plain             # a bridge with bridge.plain=true (no TLS)

The bridge answers a refused frame with {"type": "err", "message": ...}; the script prints it and exits 1.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import socket
import ssl
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


def login(sock, identity, key):
    at = int(time.time() * 1000)
    proof = hmac.new(key, f"nanoedge-bridge-login|{identity}|{at}".encode("utf-8"), hashlib.sha256).hexdigest()
    sock.sendall(frame({"type": "login", "identity": identity, "at": at, "proof": proof}))
    reply = read_frame(sock)
    if reply.get("type") != "login":
        raise RuntimeError("bridge refused the login: " + str(reply.get("message")))
    return reply


def connect(args):
    raw = socket.create_connection((args.host, args.port), timeout=5)
    if args.plain:
        return raw
    context = ssl.create_default_context(cafile=args.ca)
    context.check_hostname = args.server_name is not None
    return context.wrap_socket(raw, server_hostname=args.server_name or args.host)


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
    p.add_argument("--identity", required=True, help="this PIR's registered device id")
    keys = p.add_mutually_exclusive_group(required=True)
    keys.add_argument("--key", help="its key, base64 (the psk POST /api/devices showed)")
    keys.add_argument("--key-file", help="file holding that key")
    p.add_argument("--ca", help="PEM certificate(s) the bridge's certificate must chain to")
    p.add_argument("--server-name", help="check the bridge's certificate is for this name (default: not checked)")
    p.add_argument("--plain", action="store_true", help="no TLS (a bridge with bridge.plain=true)")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--once", action="store_true", help="publish one motion and exit")
    group.add_argument("--gpio", type=int, help="BCM pin to watch through /sys/class/gpio")
    group.add_argument("--value-file", help="file holding 0 or 1 to watch")
    p.add_argument("--poll-ms", type=int, default=50)
    args = p.parse_args(argv)

    if not args.plain and not args.ca:
        p.error("--ca is required unless --plain")
    encoded = args.key if args.key is not None else open(args.key_file).read()
    key = base64.b64decode(encoded.strip(), validate=True)

    with connect(args) as sock:
        device = login(sock, args.identity, key)
        location = device["location"]
        if args.once:
            publish_motion(sock, location, args.identity)
            check_refused(sock, 5)
            print(f"motion published for {location}")
            return 0
        path = export_gpio(args.gpio) if args.gpio is not None else args.value_file
        for _ in watch(path, args.poll_ms / 1000.0):
            publish_motion(sock, location, args.identity)
            check_refused(sock, 5)
            print(f"motion published for {location}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError, ValueError) as e:
        print(f"pir_bridge: {e}", file=sys.stderr)
        sys.exit(1)
