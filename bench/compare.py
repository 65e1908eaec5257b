#!/usr/bin/env python3
"""The workloads of issue 13 on two running servers, back to back, and the table with ratios (ours / peer).
Driven by bench/compare.sh, which installs and starts both sides; see bench/README.md. Standard library only.

Every workload runs first on the peer, then on ours, with the same client, the same content and the same warm-up.
"""
import argparse
import imaplib
import os
import poplib
import random
import re
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_throughput import percentile, send  # noqa: E402
from pop3_maildrop import clean, wait  # noqa: E402

DOMAIN = "example.test"
PASSWORD = "bench-password"
CLK = os.sysconf("SC_CLK_TCK")


def env(name, default):
    return type(default)(os.environ.get(name, default))


SIZES = SimpleNamespace(
    imap_users=env("IMAP_USERS", 10), imap_msgs=env("IMAP_MSGS", 100), imap_clients=env("IMAP_CLIENTS", 10),
    imap_secs=env("IMAP_SECS", 30), imap_warm=env("IMAP_WARM_SECS", 5),
    pop3_msgs=env("POP3_MSGS", 1000), smtp_sessions=env("SMTP_SESSIONS", 20), smtp_msgs=env("SMTP_MSGS", 2000),
    smtp_warm=env("SMTP_WARM", 200),
    smtp_checks_msgs=env("SMTP_CHECKS_MSGS", 500), size=env("MSG_SIZE", 4096), lat_rate=env("LAT_RATE", 0.0),
    lat_secs=env("LAT_SECS", 15), lat_conns=env("LAT_CONNS", 4), idle_n=env("IDLE_N", 50))


def users():
    u = ["bench%d@%s" % (i, DOMAIN) for i in range(1, SIZES.imap_users + 1)]
    return u + ["pop@" + DOMAIN, "sink@" + DOMAIN, "checked@" + DOMAIN, "lat@" + DOMAIN, "idle@" + DOMAIN]


# ---------------------------------------------------------------- processes: CPU and memory from /proc

def tree(roots):
    """Every live process under the given roots (pids), roots included."""
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/stat" % p) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(p))
            except (OSError, IndexError):
                pass
    out, todo = [], list(roots)
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(roots):
    """utime+stime of every live process under roots plus cutime+cstime (the reaped children, e.g. Postfix's
    smtpd and Dovecot's imap processes that exited): the delta of two readings is what the side used between."""
    total = 0
    for p in tree(roots):
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])
        except OSError:
            pass
    return total / CLK


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pss_mb(pid):
    """Proportional set size: shared pages (libraries, Postfix's and Dovecot's many small processes) split."""
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def our_part(pid, launcher):
    """Which part of our stack a process is (the service whose quarkus-run.jar it runs, postgres, broker)."""
    c = cmdline(pid)
    if pid == launcher:
        return "launcher"
    m = re.search(r"(\S+)/target/quarkus-app/quarkus-run\.jar", c)
    if m:
        name = os.path.basename(m.group(1))
        port = re.search(r"-Dsmtpd\.port=(\d+)", c)
        return name + ("#checks" if name == "smtp-ingress" and port and "checks.resolvers" in c else "")
    if "BrokerMain" in c:
        return "broker"
    return "postgres" if "postgres" in c or "unshare" in c else "other"


# ---------------------------------------------------------------- clients

class Side:
    def __init__(self, name, smtp, imap, pop3, roots, checked_smtp=None):
        self.name, self.smtp, self.imap, self.pop3, self.roots = name, smtp, imap, pop3, roots
        self.checked_smtp = checked_smtp

    def pop(self, user):
        return SimpleNamespace(host="127.0.0.1", pop3_port=self.pop3, user=user, password=PASSWORD)


def mbox_messages(n, size, seed=13):
    """n messages of about size bytes, the same on every run: a quarter multipart/alternative."""
    rnd = random.Random(seed)
    words = "the of and mail server message fetch body envelope header queue store imap pop smtp latency".split()
    out = []
    for i in range(n):
        text = []
        while sum(len(x) + 2 for x in text) < size * 0.8:
            text.append(" ".join(rnd.choice(words) for _ in range(11)))
        head = ("From: Sender %d <sender%d@bench.test>\r\nTo: <bench@%s>\r\nSubject: bench message %d %s\r\n"
                "Date: Mon, 1 Dec 2025 12:%02d:%02d +0000\r\nMessage-ID: <%d.%d@bench.test>\r\n"
                % (i % 17, i % 17, DOMAIN, i, rnd.choice(words), (i // 60) % 60, i % 60, seed, i))
        if i % 4 == 3:
            half = len(text) // 2
            msg = (head + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b%d\"\r\n\r\n"
                   "--b%d\r\nContent-Type: text/plain\r\n\r\n%s\r\n--b%d\r\nContent-Type: text/html\r\n\r\n"
                   "<p>%s</p>\r\n--b%d--\r\n" % (i, i, "\r\n".join(text[:half]), i, "<br>".join(text[half:]), i))
        else:
            msg = head + "Content-Type: text/plain\r\n\r\n" + "\r\n".join(text) + "\r\n"
        out.append(msg.encode())
    return out


def write_mbox(path, msgs):
    with open(path, "wb") as f:
        for i, m in enumerate(msgs):
            f.write(b"From sender@bench.test Mon Dec  1 12:00:%02d 2025\n" % (i % 60))
            f.write(m.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From "))
            f.write(b"\n")


def fill_inboxes(side, user_list, msgs):
    """Every user's INBOX holds exactly msgs, in order, nothing else (both sides the same before each run)."""
    errors = []

    def one(user):
        try:
            m = imaplib.IMAP4("127.0.0.1", side.imap, timeout=120)
            m.login(user, PASSWORD)
            typ, data = m.select("INBOX")
            if int(data[0]) > 0:
                m.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
                m.expunge()
            for msg in msgs:
                # with the blank line that separates it from the next in the mbox: imaptest appends messages with
                # it and tracks them by Message-ID, so a copy without it would count as "BODY changed"
                typ, _ = m.append("INBOX", None, None, msg + b"\r\n")
                if typ != "OK":
                    raise RuntimeError("APPEND %s" % typ)
            m.logout()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append("%s: %r" % (user, e))

    threads = [threading.Thread(target=one, args=(u,)) for u in user_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit("%s: filling the mailboxes failed: %s" % (side.name, errors[:3]))


def imaptest(args, side, mbox, secs, states, msgs, label):
    """Runs imaptest; returns {state: (count, avg ms)} and the seconds it ran."""
    out = tempfile.NamedTemporaryFile(prefix="imaptest-", suffix=".tsv", delete=False).name
    # users bench1..benchN@example.test (users() gives them to both sides), one chosen at random per connection
    cmd = [args.imaptest, "host=127.0.0.1", "port=%d" % side.imap, "user=bench%%d@%s" % DOMAIN,
           "users=1-%d" % SIZES.imap_users, "pass=" + PASSWORD, "mbox=" + mbox,
           "clients=%d" % SIZES.imap_clients, "msgs=%d" % msgs, "secs=%d" % secs, "output=" + out, "seed=13"] + states
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=secs + 120,
                       env=dict(os.environ, LD_LIBRARY_PATH="/usr/lib/dovecot"))
    with open(os.path.join(args.workdir, "imaptest-%s-%s.log" % (label, side.name)), "w") as f:
        f.write(" ".join(cmd) + "\n" + p.stdout + p.stderr)
    lines = p.stdout.splitlines()
    if "Totals:" not in lines:
        raise SystemExit("imaptest failed on %s: %s %s" % (side.name, p.stdout[-2000:], p.stderr[-2000:]))
    i = lines.index("Totals:")
    names = lines[i + 1].split()
    totals = [int(x) for x in lines[-1].split()]
    counts = dict(zip(names, totals))
    with open(out) as f:
        rows = [r.split("\t") for r in f.read().splitlines()]
    os.unlink(out)
    timers = {n: [0, 0] for n in names}
    # one row per second: count, timed count, summed ms for every visible state, in the order of the Totals
    for r in rows[1:]:
        vals = [int(x) for x in r if x != ""]
        for k, short in enumerate(names):
            if 3 * k + 2 < len(vals):
                timers[short][0] += vals[3 * k + 1]
                timers[short][1] += vals[3 * k + 2]
    errors = sum(1 for x in p.stdout.splitlines() if x.startswith("Error:")) + \
        sum(1 for x in p.stderr.splitlines() if "Error:" in x)
    res = {n: (counts[n], timers[n][1] / timers[n][0] if timers[n][0] else 0.0) for n in names}
    return res, max(secs, 1), errors


def pop3_retr(side, user, n):
    """RETR of every message on one connection; msgs/s (after one full warm pass on another connection)."""
    def one_pass():
        p = poplib.POP3("127.0.0.1", side.pop3, timeout=120)
        p.user(user)
        p.pass_(PASSWORD)
        count = p.stat()[0]
        t0 = time.perf_counter()
        for i in range(1, count + 1):
            p.retr(i)
        dt = time.perf_counter() - t0
        p.quit()
        return count, dt
    one_pass()
    count, dt = one_pass()
    if count != n:
        raise SystemExit("%s: POP3 maildrop holds %d, not %d" % (side.name, count, n))
    return count / dt


def smtp_source(side, port, rcpt, sessions, msgs, size):
    subprocess.run(["smtp-source", "-d", "-s", str(sessions), "-m", str(msgs), "-l", str(size),
                    "-f", "bench@bench.test", "-t", rcpt, "127.0.0.1:%d" % port], check=True, timeout=3600)


def wait_status(side, user, n, timeout=1800):
    """Polls STATUS INBOX (MESSAGES) on one logged-in IMAP connection until n messages are in."""
    m = imaplib.IMAP4("127.0.0.1", side.imap, timeout=120)
    m.login(user, PASSWORD)
    t0 = time.perf_counter()
    try:
        while True:
            typ, data = m.status("INBOX", "(MESSAGES)")
            have = int(re.search(rb"MESSAGES (\d+)", data[0]).group(1))
            if have >= n:
                return
            if time.perf_counter() - t0 > timeout:
                raise SystemExit("%s: only %d of %d messages arrived within %d s" % (side.name, have, n, timeout))
            time.sleep(0.1)
    finally:
        m.logout()


def smtp_durable(side, port, rcpt, measure_cpu, msgs):
    """smtp-source into an empty maildrop: accepted/s, and msgs/s until all are visible over POP3 (durable)."""
    pop = side.pop(rcpt)
    smtp_source(side, port, rcpt, SIZES.smtp_sessions, SIZES.smtp_warm, SIZES.size)  # warm-up
    wait(pop, SIZES.smtp_warm)
    clean(pop)
    cpu0 = cpu_seconds(side.roots)
    t0 = time.perf_counter()
    smtp_source(side, port, rcpt, SIZES.smtp_sessions, msgs, SIZES.size)
    t1 = time.perf_counter()
    wait_status(side, rcpt, msgs)
    t2 = time.perf_counter()
    cpu = cpu_seconds(side.roots) - cpu0
    clean(pop)
    n = msgs
    return n / (t1 - t0), n / (t2 - t0), (cpu / n * 1000 if measure_cpu else None)


def smtp_latency(side, rate):
    pop = side.pop("lat@" + DOMAIN)
    send("127.0.0.1", side.smtp, "lat@" + DOMAIN, 50, SIZES.lat_conns, SIZES.size)  # warm-up
    n = max(1, int(rate * SIZES.lat_secs))
    lat, errors = send("127.0.0.1", side.smtp, "lat@" + DOMAIN, n, SIZES.lat_conns, SIZES.size, rate=rate)
    if errors:
        raise SystemExit("%s: SMTP errors: %s" % (side.name, errors[:3]))
    wait(pop, n + 50, timeout=600)
    clean(pop)
    lat.sort()
    return 1000 * percentile(lat, 50), 1000 * percentile(lat, 99)


class IdleClient:
    """A raw IMAP client in IDLE (RFC 2177) that timestamps every untagged EXISTS."""

    def __init__(self, port, user):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.f = self.sock.makefile("rb")
        self.f.readline()
        for tag, cmd in (("a", "LOGIN %s %s" % (user, PASSWORD)), ("b", "SELECT INBOX")):
            self.sock.sendall(("%s %s\r\n" % (tag, cmd)).encode())
            while not self.f.readline().startswith(tag.encode() + b" "):
                pass
        self.sock.sendall(b"c IDLE\r\n")
        while not self.f.readline().startswith(b"+"):
            pass
        self.exists = []
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        try:
            for line in self.f:
                if re.match(rb"\* \d+ EXISTS", line):
                    with self.cond:
                        self.exists.append(time.perf_counter())
                        self.cond.notify_all()
        except OSError:
            pass

    def close(self):
        try:
            self.sock.sendall(b"DONE\r\nd LOGOUT\r\n")
            self.sock.close()
        except OSError:
            pass


def idle_push(side, n):
    """SMTP 250 -> EXISTS at an IDLE client, n messages one at a time; p50, p99 in ms."""
    user = "idle@" + DOMAIN
    clean(side.pop(user))
    c = IdleClient(side.imap, user)
    delays = []
    with smtplib.SMTP("127.0.0.1", side.smtp, timeout=60) as s:
        s.ehlo("bench.test")
        for i in range(n + 5):  # the first 5 warm up
            with c.cond:
                seen = len(c.exists)
            s.sendmail("bench@bench.test", [user], "Subject: idle %d\r\n\r\nhello\r\n" % i)
            t250 = time.perf_counter()
            with c.cond:
                if not c.cond.wait_for(lambda: len(c.exists) > seen, timeout=60):
                    raise SystemExit("%s: no EXISTS within 60 s" % side.name)
                t = c.exists[seen]
            if i >= 5:
                delays.append(max(0.0, t - t250))
            time.sleep(0.05)
    c.close()
    clean(side.pop(user))
    delays.sort()
    return 1000 * percentile(delays, 50), 1000 * percentile(delays, 99)


def memory(side, launcher=None):
    procs = tree(side.roots)
    total = sum(rss_mb(p) for p in procs)
    pss = sum(pss_mb(p) for p in procs)
    parts = {}
    if launcher:
        for p in procs:
            k = our_part(p, launcher)
            parts[k] = parts.get(k, 0.0) + rss_mb(p)
    return total, pss, len(procs), parts


# ---------------------------------------------------------------- the table

def fmt(x, digits=0):
    if x is None:
        return "-"
    return ("{:,.%df}" % digits).format(x)


def ratio(a, b, lower_is_better=False):
    if not a or not b:
        return ""
    return "%.2f×" % (a / b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--imaptest", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--peer", required=True, help="smtp,imap,pop3 ports")
    ap.add_argument("--peer-pids", required=True, help="root pids, comma-separated")
    ap.add_argument("--ours", required=True, help="smtp,imap,pop3 ports")
    ap.add_argument("--ours-checked-smtp", type=int, required=True)
    ap.add_argument("--ours-pid", type=int, required=True)
    ap.add_argument("--dns", default="", help="what the checks' resolver does, for the table")
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default="", help="comma-separated workloads to run (default all)")
    a = ap.parse_args()
    p = [int(x) for x in a.peer.split(",")]
    o = [int(x) for x in a.ours.split(",")]
    peer = Side("peer", *p, roots=[int(x) for x in a.peer_pids.split(",")])
    ours = Side("ours", *o, roots=[a.ours_pid], checked_smtp=a.ours_checked_smtp)
    sides = (peer, ours)
    only = set(a.only.split(",")) if a.only else None

    def want(w):
        return only is None or w in only

    imap_users = users()[:SIZES.imap_users]
    msgs = mbox_messages(SIZES.imap_msgs, SIZES.size)
    mbox = os.path.join(a.workdir, "bench.mbox")
    write_mbox(mbox, msgs)
    rows, notes = [], []
    R = {}

    def log(*x):
        print("[compare %s]" % time.strftime("%H:%M:%S"), *x, flush=True)

    def row(workload, unit, ours_v, peer_v, digits=0, extra_o="", extra_p="", lower_is_better=False):
        r = ratio(ours_v, peer_v)
        if lower_is_better and ours_v and peer_v:
            r = "%.2f× (lower is better)" % (ours_v / peer_v)
        rows.append("| %s | %s%s | %s%s | %s |" % (workload, fmt(ours_v, digits) + (" " + unit if ours_v is not None else ""),
                                                  extra_o, fmt(peer_v, digits) + (" " + unit if peer_v is not None else ""), extra_p, r))

    def mem_row(when, o, p):
        per = ", ".join("%s %.0f" % (k, v) for k, v in sorted(o[3].items(), key=lambda kv: -kv[1]))
        row("%s: RSS of all processes (PSS)" % when, "MB", o[0], p[0], 0,
            " (PSS %.0f) in %d processes: %s" % (o[1], o[2], per), " (PSS %.0f) in %d processes" % (p[1], p[2]), True)
        rows[-1] = rows[-1].rsplit("|", 2)[0] + "| %.1f× RSS, %.1f× PSS (lower is better) |" % (o[0] / p[0], o[1] / p[1])
        print(rows[-1], flush=True)

    if want("memory"):
        mem_row("memory at idle after start", memory(ours, a.ours_pid), memory(peer))

    imap_runs = [
        ("imap-default", "imaptest, %d clients, %d s, default profile" % (SIZES.imap_clients, SIZES.imap_secs), [],
         SIZES.imap_msgs),
        ("imap-fetch", "imaptest FETCH of message ranges (metadata): Fetc", ["-", "logout=0", "fetch=100,95"],
         SIZES.imap_msgs),
        ("imap-fetch2", "imaptest FETCH of one message's body: Fet2", ["-", "logout=0", "fetch2=100,95"],
         SIZES.imap_msgs),
        ("imap-append", "imaptest APPEND: Appe", ["-", "logout=0", "append=100,95"], 10 ** 7),
    ]
    if any(want(w[0]) for w in imap_runs):
        for s in sides:
            log("warm-up: filling %d mailboxes with %d messages and %d s of imaptest on %s"
                % (len(imap_users), len(msgs), SIZES.imap_warm, s.name))
            fill_inboxes(s, imap_users, msgs)
            imaptest(a, s, mbox, SIZES.imap_warm, [], SIZES.imap_msgs, "warm-up")
    for key, title, states, target in imap_runs:
        if not want(key):
            continue
        res = {}
        for s in sides:
            fill_inboxes(s, imap_users, msgs)
            log("%s on %s" % (key, s.name))
            res[s.name] = imaptest(a, s, mbox, SIZES.imap_secs, states, target, key)
        if key == "imap-default":
            vals = {}
            for n, (r, secs, errs) in res.items():
                logins = r.get("Logi", (0, 0))[0] / secs
                cmds = [(c, ms) for st, (c, ms) in r.items() if c]
                avg = sum(c * ms for c, ms in cmds) / max(1, sum(c for c, _ in cmds))
                per = ", ".join("%s %.0f" % (st, ms) for st, (c, ms) in r.items() if c and st not in ("Logo",))
                vals[n] = (logins, avg, per, errs)
            row(title + " (logins/s; command avg ms, then per command)", "logins/s", vals["ours"][0], vals["peer"][0], 1,
                "; avg %.1f ms (%s)%s" % (vals["ours"][1], vals["ours"][2],
                                          ", %d errors" % vals["ours"][3] if vals["ours"][3] else ""),
                "; avg %.1f ms (%s)%s" % (vals["peer"][1], vals["peer"][2],
                                          ", %d errors" % vals["peer"][3] if vals["peer"][3] else ""))
        else:
            short = title.rsplit(": ", 1)[1]
            v = {n: (r.get(short, (0, 0))[0] / secs, r.get(short, (0, 0))[1], errs) for n, (r, secs, errs) in res.items()}
            row(title.rsplit(": ", 1)[0], "/s", v["ours"][0], v["peer"][0], 0,
                ", avg %.1f ms%s" % (v["ours"][1], ", %d errors" % v["ours"][2] if v["ours"][2] else ""),
                ", avg %.1f ms%s" % (v["peer"][1], ", %d errors" % v["peer"][2] if v["peer"][2] else ""))
        print("\n".join(rows[-1:]), flush=True)

    if want("pop3"):
        v = {}
        for s in sides:
            user = "pop@" + DOMAIN
            pop = s.pop(user)
            clean(pop)
            log("pop3: delivering %d messages to %s on %s" % (SIZES.pop3_msgs, user, s.name))
            smtp_source(s, s.smtp, user, 4, SIZES.pop3_msgs, SIZES.size)
            wait(pop, SIZES.pop3_msgs)
            v[s.name] = pop3_retr(s, user, SIZES.pop3_msgs)
            clean(pop)
        row("POP3 RETR of %s × %d B on one connection" % (fmt(SIZES.pop3_msgs), SIZES.size), "msgs/s", v["ours"], v["peer"])
        print(rows[-1], flush=True)

    peak = {}
    if want("smtp"):
        v = {}
        for s in sides:
            log("smtp-source %d × %d on %s (checks off)" % (SIZES.smtp_sessions, SIZES.smtp_msgs, s.name))
            v[s.name] = smtp_durable(s, s.smtp, "sink@" + DOMAIN, True, SIZES.smtp_msgs)
            peak[s.name] = v[s.name][0]
        what = "smtp-source %d sessions × %s × %d B" % (SIZES.smtp_sessions, fmt(SIZES.smtp_msgs), SIZES.size)
        row(what + ", sender checks off: accepted", "msgs/s", v["ours"][0], v["peer"][0])
        row("same, until all are in the mailbox (durable: IMAP STATUS shows all)", "msgs/s", v["ours"][1], v["peer"][1])
        R["cpu"] = (v["ours"][2], v["peer"][2])
        R["durable_off"] = v["ours"][1]
        R["peer_durable"] = v["peer"][1]
        print("\n".join(rows[-2:]), flush=True)
    if want("smtp-checks"):
        log("smtp-source %d × %d on ours with SPF/DKIM/DMARC on, resolver: %s"
            % (SIZES.smtp_sessions, SIZES.smtp_checks_msgs, a.dns))
        acc, dur, _ = smtp_durable(ours, ours.checked_smtp, "checked@" + DOMAIN, False, SIZES.smtp_checks_msgs)
        if "durable_off" in R:
            notes.append("with checks on, ours reaches %.2f× of its own checks-off durable rate (goal ≥ 0.8×)"
                         % (dur / R["durable_off"]))
        row("same with SPF/DKIM/DMARC on (ours), resolver: %s; peer without checks" % a.dns, "msgs/s", dur,
            R.get("peer_durable"), 0, " durable (%s accepted)" % fmt(acc), " durable, checks off")
        print(rows[-1], flush=True)
    if want("latency"):
        rate = SIZES.lat_rate or (min(peak.values()) / 2 if peak else 80.0)
        v = {}
        for s in sides:
            log("SMTP latency at %.0f msg/s on %s" % (rate, s.name))
            v[s.name] = smtp_latency(s, rate)
        row("SMTP transaction latency at %.0f msg/s (%d connections), p50 / p99" % (rate, SIZES.lat_conns), "ms",
            v["ours"][0], v["peer"][0], 1, " / %.1f ms" % v["ours"][1], " / %.1f ms" % v["peer"][1], True)
        rows[-1] = rows[-1].rsplit("|", 2)[0] + "| p99 %.2f× (lower is better) |" % (v["ours"][1] / v["peer"][1])
        print(rows[-1], flush=True)
    if want("idle"):
        v = {}
        for s in sides:
            log("IDLE push on %s" % s.name)
            v[s.name] = idle_push(s, SIZES.idle_n)
        row("SMTP 250 → visible to an IDLE client (%d messages), p50 / p99" % SIZES.idle_n, "ms",
            v["ours"][0], v["peer"][0], 1, " / %.1f ms" % v["ours"][1], " / %.1f ms" % v["peer"][1])
        rows[-1] = rows[-1].rsplit("|", 2)[0] + "| p99 %.2f× (lower is better) |" % (v["ours"][1] / max(0.1, v["peer"][1]))
        print(rows[-1], flush=True)
    if "cpu" in R:
        row("CPU seconds per 1,000 messages delivered (all processes of the side, over the smtp-source run)", "s",
            R["cpu"][0], R["cpu"][1], 2, "", "", True)
        rows[-1] = rows[-1].rsplit("|", 2)[0] + "| %.2f× (lower is better) |" % (R["cpu"][0] / R["cpu"][1])
    if want("memory"):
        time.sleep(5)
        mem_row("memory at idle after the run", memory(ours, a.ours_pid), memory(peer))

    table = ["| workload (same client, same machine, same run) | ours | Postfix + Dovecot | ratio (ours / peer) |",
             "|---|---|---|---|"] + rows
    text = "\n".join(table) + "\n" + "".join("\n- " + n for n in notes) + ("\n" if notes else "")
    header = ("bench/compare.sh %s, sizes: %s\n\n" % (time.strftime("%Y-%m-%d %H:%M:%S"),
                                                      ", ".join("%s=%s" % kv for kv in vars(SIZES).items())))
    with open(a.out, "w") as f:
        f.write(header + text)
    print("\n" + header + text)


if __name__ == "__main__":
    main()
