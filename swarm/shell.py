#!/usr/bin/env python3
"""Runs nanoedge shell commands over telnet and prints what each printed, as plain text.

    shell.py [--port 5000] [--host 127.0.0.1] 'command 1' ['command 2' ...]

The image has no telnet client (and no shell), so the Swarm test runs this from the host inside a task's
network namespace (nsenter --net=/proc/<pid>/ns/net), where the shell listens on loopback. It answers the
telnet negotiation the way a terminal does (the shell refuses a terminal without a size), waits for the
prompt, types each command and collects its output up to the next prompt. Exit 1 when the shell does not
answer in time. Standard library only.
"""
import argparse
import re
import socket
import sys
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
BINARY, ECHO, SGA, TTYPE, NAWS = 0, 1, 3, 24, 31
PROMPT = "\n% "
ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][A-Z0-9]|[=>78])")


class Telnet:
    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(0.2)
        self.raw = bytearray()  # data bytes, telnet commands removed
        self.pending = b""
        self.consumed = 0

    def send(self, data):
        self.sock.sendall(bytes(data))

    def negotiate(self, cmd, option):
        if cmd == DO:
            if option == NAWS:
                cols, rows = 160, 50
                self.send([IAC, WILL, NAWS, IAC, SB, NAWS, cols >> 8, cols & 255, rows >> 8, rows & 255, IAC, SE])
            elif option in (TTYPE, BINARY, SGA):
                self.send([IAC, WILL, option])
            else:
                self.send([IAC, WONT, option])
        elif cmd == WILL:
            self.send([IAC, DO if option in (ECHO, SGA, BINARY) else DONT, option])

    def pump(self):
        """Reads what has arrived; answers negotiation; keeps the data bytes."""
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return
        if not chunk:
            raise ConnectionError("the shell closed the connection")
        buf = self.pending + chunk
        self.pending = b""
        i = 0
        while i < len(buf):
            b = buf[i]
            if b != IAC:
                self.raw.append(b)
                i += 1
                continue
            if i + 1 >= len(buf):
                self.pending = buf[i:]
                return
            cmd = buf[i + 1]
            if cmd in (DO, DONT, WILL, WONT):
                if i + 2 >= len(buf):
                    self.pending = buf[i:]
                    return
                self.negotiate(cmd, buf[i + 2])
                i += 3
            elif cmd == SB:
                end = buf.find(bytes([IAC, SE]), i + 2)
                if end < 0:
                    self.pending = buf[i:]
                    return
                body = buf[i + 2:end]
                if len(body) >= 2 and body[0] == TTYPE and body[1] == 1:
                    self.send([IAC, SB, TTYPE, 0] + list(b"xterm") + [IAC, SE])
                i = end + 2
            elif cmd == IAC:
                self.raw.append(IAC)
                i += 2
            else:
                i += 2

    def text(self):
        s = ESCAPES.sub("", self.raw.decode("utf-8", "replace")).replace("\r", "")
        out = []
        for c in s:
            if c == "\b":
                if out:
                    out.pop()
            elif c in "\n\t" or c >= " ":
                out.append(c)
        return "".join(out)

    def await_text(self, expected, timeout):
        deadline = time.monotonic() + timeout
        while True:
            fresh = self.text()[self.consumed:]
            at = fresh.find(expected)
            if at >= 0:
                self.consumed += at + len(expected)
                return fresh[:at + len(expected)]
            if time.monotonic() > deadline:
                raise TimeoutError("no %r within %s s; received:\n%s" % (expected, timeout, fresh))
            self.pump()

    def command(self, line, timeout):
        self.send((line + "\r").encode("utf-8"))
        output = self.await_text(PROMPT, timeout)
        echo = output.find(line)
        rest = output[echo + len(line):] if echo >= 0 else output
        rest = rest[1:] if rest.startswith("\n") else rest
        return rest[:-len(PROMPT)] + "\n" if rest.endswith(PROMPT) else rest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()
    try:
        shell = Telnet(args.host, args.port, args.timeout)
        shell.await_text(PROMPT, args.timeout)
        for line in args.commands:
            sys.stdout.write(shell.command(line, args.timeout))
        shell.sock.close()
    except (OSError, TimeoutError, ConnectionError) as e:
        print("shell.py: %s" % e, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
