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


def message(rcpt, size):
    """A message of about size bytes (76-character lines), with a unique Subject."""
    body = "\r\n".join(["x" * 76] * max(1, size // 78))
    return "From: <bench@bench.test>\r\nTo: <%s>\r\nSubject: bench %s\r\n\r\n%s\r\n" % (rcpt, uuid.uuid4().hex, body)


def send(host, port, rcpt, messages, connections, size=4096, rate=None):
    """Sends messages over parallel SMTP connections (smtplib), at most rate messages/s in all when rate is
    given (each connection keeps its own schedule, so a slow transaction delays only its connection's next one).
    Returns the latency of every transaction (s) and the errors."""
    latencies, errors, lock = [], [], threading.Lock()

    def worker(n, k):
        try:
            with smtplib.SMTP(host, port, timeout=60) as s:
                s.ehlo("bench.test")
                start = time.perf_counter()
                for i in range(n):
                    if rate:
                        delay = start + (i * connections + k) / rate - time.perf_counter()
                        if delay > 0:
                            time.sleep(delay)
                    msg = message(rcpt, size)
                    t = time.perf_counter()
                    s.sendmail("bench@bench.test", [rcpt], msg)
                    with lock:
                        latencies.append(time.perf_counter() - t)
        except Exception as e:  # report, do not hide
            errors.append(repr(e))

    per = [messages // connections + (1 if i < messages % connections else 0) for i in range(connections)]
    threads = [threading.Thread(target=worker, args=(n, k)) for k, n in enumerate(per) if n > 0]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def percentile(sorted_values, p):
    return sorted_values[int(p / 100.0 * (len(sorted_values) - 1))]


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
    t0 = time.perf_counter()
    latencies, errors = send(args.host, args.smtp_port, args.user, args.messages, args.connections, args.size)
    accepted = time.perf_counter() - t0
    if errors:
        raise SystemExit("send errors: %s" % errors[:3])
    wait(args, before + args.messages)
    visible = time.perf_counter() - t0
    lat = sorted(latencies)
    print("messages=%d connections=%d size~%dB" % (args.messages, args.connections, args.size))
    print("smtp accept: %.1f msg/s (%.2f s)" % (args.messages / accepted, accepted))
    print("end-to-end (SMTP accept -> POP3 visible): %.1f msg/s (%.2f s)" % (args.messages / visible, visible))
    print("smtp transaction latency ms: p50=%.1f p90=%.1f p99=%.1f" % (
        1000 * statistics.median(lat), 1000 * percentile(lat, 90), 1000 * percentile(lat, 99)))
    if not args.keep:
        clean(args)


if __name__ == "__main__":
    main()
