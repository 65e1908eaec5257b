#!/usr/bin/env python3
"""End-to-end throughput: messages/s from SMTP accept to POP3-visible, against a running local stack.

    python3 bench/e2e_throughput.py --messages 500 --connections 8

Sends with Python's smtplib over several connections at once, then polls POP3 STAT until every message is in
the maildrop. Reports the SMTP accept rate, the end-to-end rate, and latency percentiles of one SMTP
transaction. Cleans the maildrop afterwards unless --keep is given.
"""
import smtplib
import statistics
import threading
import time
import uuid


from pop3_maildrop import clean, parser, stat, wait


def main():
    ap = parser()
    ap.add_argument("--smtp-port", type=int, default=10025)
    ap.add_argument("--messages", type=int, default=500)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--size", type=int, default=4096, help="approximate body size in bytes")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    if not args.keep:
        clean(args)
    before = stat(args)
    body_line = "x" * 76
    body = "\r\n".join([body_line] * max(1, args.size // 78))
    latencies = []
    lock = threading.Lock()
    errors = []

    def worker(n):
        try:
            with smtplib.SMTP(args.host, args.smtp_port, timeout=60) as s:
                s.ehlo("bench.test")
                for _ in range(n):
                    msg = "From: <bench@bench.test>\r\nTo: <%s>\r\nSubject: bench %s\r\n\r\n%s\r\n" % (
                        args.user, uuid.uuid4().hex, body)
                    t = time.perf_counter()
                    s.sendmail("bench@bench.test", [args.user], msg)
                    with lock:
                        latencies.append(time.perf_counter() - t)
        except Exception as e:  # report, do not hide
            errors.append(repr(e))

    per = [args.messages // args.connections + (1 if i < args.messages % args.connections else 0)
           for i in range(args.connections)]
    threads = [threading.Thread(target=worker, args=(n,)) for n in per if n > 0]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accepted = time.perf_counter() - t0
    if errors:
        raise SystemExit("send errors: %s" % errors[:3])
    wait(args, before + args.messages)
    visible = time.perf_counter() - t0
    lat = sorted(latencies)
    print("messages=%d connections=%d size~%dB" % (args.messages, args.connections, len(body)))
    print("smtp accept: %.1f msg/s (%.2f s)" % (args.messages / accepted, accepted))
    print("end-to-end (SMTP accept -> POP3 visible): %.1f msg/s (%.2f s)" % (args.messages / visible, visible))
    print("smtp transaction latency ms: p50=%.1f p90=%.1f p99=%.1f" % (
        1000 * statistics.median(lat), 1000 * lat[int(0.9 * (len(lat) - 1))], 1000 * lat[int(0.99 * (len(lat) - 1))]))
    if not args.keep:
        clean(args)


if __name__ == "__main__":
    main()
