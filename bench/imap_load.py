#!/usr/bin/env python3
"""IMAP load against a running local stack: N clients, each in its own thread with its own connection (IMAPS),
looping SELECT INBOX, FETCH of flags/envelope/body of a few messages, STORE of a flag, APPEND to Drafts.

    python3 bench/imap_load.py --clients 8 --seconds 20

Uses the demo account (demo@example.test / demo-password, the local stack's default) and seeds INBOX with
--seed messages by APPEND first. Prints operations per second and p50/p99 latency per command and overall.
Python's imaplib only (standard library).
"""
import argparse
import imaplib
import ssl
import threading
import time


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def connect(args):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's certificate is self-signed
    m = imaplib.IMAP4_SSL(args.host, args.port, ssl_context=ctx, timeout=60)
    m.login(args.user, args.password)
    return m


def message(i):
    return ("From: bench@outside.test\r\nTo: %s\r\nSubject: imap load %d\r\n\r\n%s\r\n" % ("demo", i, "x" * 2000)).encode()


def worker(args, stop, results, errors):
    m = connect(args)
    n = 0
    while not stop.is_set():
        for name, call in (
                ("SELECT", lambda: m.select("INBOX")),
                ("FETCH", lambda: m.fetch("1:%d" % args.fetch, "(UID FLAGS ENVELOPE BODY.PEEK[])")),
                ("STORE", lambda: m.store("1", "+FLAGS" if n % 2 else "-FLAGS", "(\\Flagged)")),
                ("APPEND", lambda: m.append("Drafts", None, None, message(n)))):
            t0 = time.perf_counter()
            try:
                typ, _ = call()
                if typ != "OK":
                    errors.append(name)
            except imaplib.IMAP4.error:
                errors.append(name)
            results.append((name, time.perf_counter() - t0))
        n += 1
    m.logout()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=10993)
    p.add_argument("--user", default="demo@example.test")
    p.add_argument("--password", default="demo-password")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--seed", type=int, default=20)
    p.add_argument("--fetch", type=int, default=5, help="messages per FETCH")
    args = p.parse_args()

    m = connect(args)
    typ, data = m.select("INBOX")
    for i in range(max(0, args.seed - int(data[0]))):
        m.append("INBOX", None, None, message(i))
    args.fetch = max(1, min(args.fetch, args.seed))
    m.logout()

    stop = threading.Event()
    results, errors = [], []
    threads = [threading.Thread(target=worker, args=(args, stop, results, errors)) for _ in range(args.clients)]
    t0 = time.time()
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.time() - t0

    print("imap load: %d clients, %.1f s, %d operations, %d errors" % (args.clients, elapsed, len(results), len(errors)))
    print("%-8s %10s %10s %10s" % ("command", "ops/s", "p50 ms", "p99 ms"))
    for name in ("SELECT", "FETCH", "STORE", "APPEND"):
        lat = [d for n, d in results if n == name]
        print("%-8s %10.1f %10.2f %10.2f" % (name, len(lat) / elapsed, percentile(lat, 50) * 1000, percentile(lat, 99) * 1000))
    lat = [d for _, d in results]
    print("%-8s %10.1f %10.2f %10.2f" % ("all", len(lat) / elapsed, percentile(lat, 50) * 1000, percentile(lat, 99) * 1000))

    # leave the demo account as it was: the Drafts filled by APPEND are emptied again
    m = connect(args)
    m.select("Drafts")
    m.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
    m.expunge()
    m.logout()
    if errors:
        raise SystemExit("errors: %d" % len(errors))


if __name__ == "__main__":
    main()
