#!/usr/bin/env python3
"""A bad DNS resolver for benchmarks: answers every query NXDOMAIN (no SOA, so nothing may be cached negatively
by TTL) after a random delay, and drops a share of the queries unanswered, like a slow and lossy upstream.

    python3 bench/slow_dns.py --port 30053 --min-ms 50 --max-ms 200 --drop 0.1

UDP only, loopback only. Prints one line at exit (SIGTERM/SIGINT) with how many queries it saw, answered, dropped.
"""
import argparse
import heapq
import random
import signal
import socket
import struct
import sys
import threading
import time


def nxdomain(query):
    """The query echoed back as a response: QR=1, RD copied, RA=1, RCODE=3, question kept, no records."""
    if len(query) < 12:
        return None
    qid, flags, qdcount = struct.unpack("!HHH", query[:6])
    end = 12
    for _ in range(qdcount):
        while end < len(query) and query[end] != 0:
            end += 1 + query[end]
        end += 5  # the root label and QTYPE, QCLASS
    flags = 0x8000 | (flags & 0x7900) | 0x0080 | 3
    return struct.pack("!HHHHHH", qid, flags, qdcount, 0, 0, 0) + query[12:end]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=30053)
    ap.add_argument("--min-ms", type=float, default=50)
    ap.add_argument("--max-ms", type=float, default=200)
    ap.add_argument("--drop", type=float, default=0.1, help="share of queries never answered")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", a.port))
    due, lock, wake = [], threading.Lock(), threading.Condition()
    counts = {"queries": 0, "answered": 0, "dropped": 0}

    def sender():  # one thread answers in due order, so delays overlap as on a real network
        while True:
            with wake:
                while not due or due[0][0] > time.monotonic():
                    wake.wait(None if not due else max(0.0, due[0][0] - time.monotonic()))
                _, _, reply, addr = heapq.heappop(due)
            sock.sendto(reply, addr)
            counts["answered"] += 1

    def stop(*_):
        print("slow_dns: %(queries)d queries, %(answered)d answered, %(dropped)d dropped" % counts, flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=sender, daemon=True).start()
    n = 0
    while True:
        data, addr = sock.recvfrom(4096)
        counts["queries"] += 1
        reply = nxdomain(data)
        if reply is None or rnd.random() < a.drop:
            counts["dropped"] += 1
            continue
        n += 1
        with wake:
            heapq.heappush(due, (time.monotonic() + rnd.uniform(a.min_ms, a.max_ms) / 1000, n, reply, addr))
            wake.notify()


if __name__ == "__main__":
    main()
