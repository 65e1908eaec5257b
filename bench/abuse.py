#!/usr/bin/env python3
"""Measures what an attacker gets from the IMAP/POP3 gateway's abuse limits (issue findings 4 and 5).

  connections: opens --connections idle connections from one address (then from --addresses loopback
               addresses), reports how many the server kept open, and whether a real user still logs in
               (IMAP LOGIN of --user / --password) while they are held.
  guessing:    --parallel connections guess IMAP passwords for --user as fast as the server answers for
               --seconds; reports guesses/s, how many were refused unchecked, and whether the right
               password works afterwards from the same address (it must not) and from another one (it must).

Run it against a local stack started with production limits, e.g.
  ./run-local.sh --set imap-pop-gateway anvil.auth-penalty-delay=2s --set imap-pop-gateway anvil.auth-penalty-max-delay=15s \
      --set imap-pop-gateway anvil.auth-max-failures-per-ip=30 --set imap-pop-gateway anvil.auth-max-failures-per-user=10 \
      --set imap-pop-gateway imap.max-connections-per-ip=20 --set imap-pop-gateway imap.login-timeout=60s \
      --set imap-pop-gateway imap.allow-plaintext-auth=true
  python3 bench/abuse.py --port 10143
"""
import argparse
import socket
import threading
import time


def connect(host, port, source):
    s = socket.create_connection((host, port), timeout=30, source_address=(source, 0))
    s.settimeout(30)
    return s


def line(sock):
    out = b""
    while not out.endswith(b"\n"):
        c = sock.recv(1)
        if not c:
            raise ConnectionError("closed")
        out += c
    return out.decode("latin-1").rstrip()


def login(host, port, source, user, password, tag="a"):
    s = connect(host, port, source)
    try:
        line(s)
        s.sendall(('%s LOGIN "%s" "%s"\r\n' % (tag, user, password)).encode())
        while True:
            r = line(s)
            if r.startswith(tag + " "):
                return r
    finally:
        s.close()


def connections(a):
    held = []
    refused = 0
    for i in range(a.connections):
        idx = i % a.addresses
        source = "127.0.%d.%d" % (1 + idx // 250, 10 + idx % 250) if a.addresses > 1 else "127.0.0.10"
        try:
            s = connect(a.host, a.port, source)
            s.settimeout(2)
            greeting = line(s)
            if greeting.startswith("* OK"):
                held.append(s)
            else:
                refused += 1
                s.close()
        except (OSError, ConnectionError):
            refused += 1
    time.sleep(1)
    alive = 0
    for s in held:
        s.setblocking(False)
        try:
            s.recv(4096)  # a BYE (evicted) or the end of the stream: not held any more
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    t = time.time()
    user = login(a.host, a.port, "127.0.9.9", a.user, a.password)
    print("connections: %d attempted from %d address(es): %d greeted, %d refused, %d still held after 1 s;"
          " a real user's LOGIN meanwhile: %s (%.0f ms)" % (a.connections, a.addresses, len(held), refused, alive,
                                                          user.split(" ")[1], (time.time() - t) * 1000))
    for s in held:
        s.close()


def guessing(a):
    stop = time.time() + a.seconds
    counts = {"guesses": 0, "refused": 0}
    lock = threading.Lock()

    def worker(n):
        i = 0
        while time.time() < stop:
            try:
                s = connect(a.host, a.port, "127.0.0.20")
                line(s)
                while time.time() < stop:
                    i += 1
                    s.sendall(('g LOGIN "%s" "wrong-%d-%d"\r\n' % (a.user, n, i)).encode())
                    r = line(s)
                    while not r.startswith("g ") and not r.startswith("* BYE"):
                        r = line(s)
                    if r.startswith("* BYE"):
                        break
                    with lock:
                        counts["guesses"] += 1
                s.close()
            except (OSError, ConnectionError):
                with lock:
                    counts["refused"] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(a.parallel)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0
    same = login(a.host, a.port, "127.0.0.20", a.user, a.password)
    other = login(a.host, a.port, "127.0.9.8", a.user, a.password)
    print("guessing: %d connections for %.0f s: %d wrong passwords answered (%.2f guesses/s); right password then"
          " from the guessing address: %s, from another address: %s" % (a.parallel, elapsed, counts["guesses"],
                                                                        counts["guesses"] / elapsed,
                                                                        same.split(" ")[1], other.split(" ")[1]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=10143)
    p.add_argument("--user", default="demo@example.test")
    p.add_argument("--password", default="demo-password")
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--addresses", type=int, default=1)
    p.add_argument("--parallel", type=int, default=20)
    p.add_argument("--seconds", type=int, default=30)
    p.add_argument("what", nargs="*", default=["connections", "guessing"])
    a = p.parse_args()
    if "connections" in a.what:
        connections(a)
        a2 = argparse.Namespace(**vars(a))
        a2.connections, a2.addresses = 1100, 275
        connections(a2)
    if "guessing" in a.what:
        guessing(a)


if __name__ == "__main__":
    main()
