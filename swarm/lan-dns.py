#!/usr/bin/env python3
"""The test LAN's DNS server: answers every query at once with "no such name" (NXDOMAIN).

    lan-dns.py <address>        (swarm/test.sh runs it on the test bridge's router address, port 53)

Swarm's embedded DNS answers the stack's own names (tasks.nanoedge_api, db) and forwards every other name to
the host's DNS servers. A name of a service whose tasks are not running yet (tasks.nanoedge_room while the
room's task starts) is such an "other" name. A building's router answers it with NXDOMAIN in a millisecond;
with no DNS server reachable the forwarded query waits 10 s, and a starting node that resolves five such names
waits for a minute. The test's namespaces reach no DNS server of the machine, so this one stands in for the
router's. Standard library only.
"""
import socket
import struct
import sys


def main():
    address = sys.argv[1]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 53))
    while True:
        query, peer = sock.recvfrom(4096)
        if len(query) < 12:
            continue
        ident, flags = struct.unpack(">HH", query[:4])
        # QR=1 (response), the query's opcode and RD, RA=1, RCODE=3 (NXDOMAIN); the question echoed back.
        reply_flags = 0x8000 | (flags & 0x7900) | 0x0080 | 3
        qdcount = struct.unpack(">H", query[4:6])[0]
        end = 12
        for _ in range(qdcount):
            while end < len(query) and query[end] != 0:
                end += query[end] + 1
            end += 5  # the root label, QTYPE and QCLASS
        sock.sendto(struct.pack(">HHHHHH", ident, reply_flags, qdcount, 0, 0, 0) + query[12:end], peer)


if __name__ == "__main__":
    main()
