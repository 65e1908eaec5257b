#!/usr/bin/env python3
"""The demo maildrop seen through POP3, for the benchmarks: count, wait until N messages are in, or empty it.

    python3 bench/pop3_maildrop.py count
    python3 bench/pop3_maildrop.py wait 5000     # prints seconds until 5000 messages were visible
    python3 bench/pop3_maildrop.py clean
"""
import argparse
import poplib
import sys
import time


def connect(args):
    p = poplib.POP3(args.host, args.pop3_port, timeout=120)
    p.user(args.user)
    p.pass_(args.password)
    return p


def stat(args):
    p = connect(args)
    try:
        return p.stat()[0]
    finally:
        p.quit()


def clean(args):
    p = connect(args)
    for i in range(1, p.stat()[0] + 1):
        p.dele(i)
    p.quit()


def wait(args, n, timeout=900):
    t0 = time.perf_counter()
    while stat(args) < n:
        if time.perf_counter() - t0 > timeout:
            raise SystemExit("only %d of %d messages arrived within %d s" % (stat(args), n, timeout))
        time.sleep(0.2)
    return time.perf_counter() - t0


def parser():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--pop3-port", type=int, default=10110)
    ap.add_argument("--user", default="demo@example.test")
    ap.add_argument("--password", default="demo-password")
    return ap


if __name__ == "__main__":
    ap = parser()
    ap.add_argument("action", choices=["count", "wait", "clean"])
    ap.add_argument("n", nargs="?", type=int, default=0)
    a = ap.parse_args()
    if a.action == "count":
        print(stat(a))
    elif a.action == "clean":
        clean(a)
    else:
        print("%.2f" % wait(a, a.n))
    sys.exit(0)
