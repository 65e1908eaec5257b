"""The platform as pods (k8s/overlays/dev under `podman kube play`), driven with standard-library clients.

    python3 pods_e2e.py STATE_JSON PLAY_PY PLAY_ARGS...

STATE_JSON is what `play.py up --state` wrote (each pod's address and ports); PLAY_PY and PLAY_ARGS restart a pod
(`PLAY_PY restart NAME PLAY_ARGS...`). Scenarios, in order:
  security  the five services' containers run as UID 185 on a read-only root file system (podman inspect), and
            cannot write outside /tmp;
  admin     the admin API through its pod: a domain and an account made, read back, the queue listed (that call
            goes on to delivery-service's gRPC, so it proves admin-api reaches it);
  roundtrip a message over SMTP to smtp-ingress's pod, read over IMAP and POP3 from imap-pop-gateway's pod;
  restart   500 messages over SMTP from 4 connections; after 100 accepted, delivery-service's pod restarts (SIGTERM,
            then started again) while the load goes on; every message answered 250 must be in the mailbox exactly
            once (Message-ID count over IMAP), none that was refused may be counted as lost.
Admin token: the dev overlay's "dev-token".
"""
import imaplib
import json
import poplib
import re
import smtplib
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

STATE = json.load(open(sys.argv[1]))
PLAY = [sys.executable, sys.argv[2]]
PLAY_ARGS = sys.argv[3:]
PODS = STATE["pods"]
SMTP = (PODS["smtp-ingress"]["ip"], PODS["smtp-ingress"]["ports"]["smtp"])
IMAP = (PODS["imap-pop-gateway"]["ip"], PODS["imap-pop-gateway"]["ports"]["imap"])
POP3 = (PODS["imap-pop-gateway"]["ip"], PODS["imap-pop-gateway"]["ports"]["pop3"])
ADMIN = "http://%s:%d" % (PODS["admin-api"]["ip"], PODS["admin-api"]["ports"]["http"])
TOKEN = "dev-token"
DOMAIN = "pods.test"
USER, PASSWORD = "alice@" + DOMAIN, "alice-password-1"
LOAD_USER = "load@" + DOMAIN
# The load is paced (RATE messages/s in all) so that it lasts ~40 s, longer than the restart (~17 s): part of it is
# accepted while delivery-service is gone, part after the new pod is ready.
MESSAGES, CONNECTIONS, RESTART_AFTER, RATE = 500, 4, 100, 12.0


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok -", what, flush=True)


def api(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(ADMIN + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, raw.decode(errors="replace")


def message(rcpt, subject, message_id):
    return ("From: <sender@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s>\r\n\r\nhello from outside\r\n"
            % (rcpt, subject, message_id)).encode("ascii")


SERVICES = ("mailbox-store", "smtp-ingress", "delivery-service", "imap-pop-gateway", "admin-api")


def podman(*args):
    return subprocess.run(["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs", *args],
                          capture_output=True, text=True)


def scenario_security():
    for service in SERVICES:
        container = PODS[service]["containers"][0]
        r = podman("inspect", container, "--format", "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}")
        check(r.stdout.split() == ["185:185", "true"], "%s runs as 185:185 on a read-only root: %s%s"
              % (service, r.stdout.strip(), r.stderr.strip()))
        r = podman("exec", container, "sh", "-c", "touch /deployments/x 2>/dev/null && echo rw; touch /tmp/x && echo tmp-rw")
        check(r.stdout.split() == ["tmp-rw"], "%s can write /tmp and nothing else: %s" % (service, r.stdout.split()))


def scenario_admin():
    status, body = api("POST", "/api/v1/domains", {"name": DOMAIN})
    check(status in (200, 201), "admin API (pod %s) created domain %s: %s %s" % (ADMIN, DOMAIN, status, body))
    for address in (USER, LOAD_USER):
        status, body = api("POST", "/api/v1/accounts", {"address": address, "password": PASSWORD})
        check(status in (200, 201), "admin API created account %s: %s %s" % (address, status, body))
    status, body = api("GET", "/api/v1/accounts/" + USER)
    check(status == 200 and body.get("address") == USER, "admin API reads the account back: %s" % (body,))
    status, body = api("GET", "/api/v1/queue")
    check(status == 200, "admin API lists delivery-service's queue over gRPC: %s %s" % (status, str(body)[:200]))


def scenario_roundtrip():
    subject = "pods roundtrip " + uuid.uuid4().hex
    with smtplib.SMTP(*SMTP, timeout=30) as s:
        s.ehlo("client.outside.test")
        refused = s.sendmail("sender@outside.test", [USER], message(USER, subject, uuid.uuid4().hex + "@outside.test"))
    check(refused == {}, "smtp-ingress's pod accepted mail for " + USER)
    deadline = time.time() + 60
    found = False
    while time.time() < deadline and not found:
        imap = imaplib.IMAP4(*IMAP, timeout=30)
        try:
            imap.login(USER, PASSWORD)
            imap.select("INBOX")
            _, data = imap.search(None, "SUBJECT", '"%s"' % subject)
            found = bool(data[0].split())
        except imaplib.IMAP4.error as e:
            # [UNAVAILABLE] is temporary (RFC 5530 section 3): the gateway's gRPC channel to mailbox-store may
            # still be backing off from before mailbox-store's pod was ready, as in a cluster.
            if "UNAVAILABLE" not in str(e):
                raise
            print("retrying after", e, flush=True)
        finally:
            imap.logout()
        if not found:
            time.sleep(0.5)
    check(found, "the message is in INBOX over IMAP (imap-pop-gateway's pod)")
    p = poplib.POP3(*POP3, timeout=30)
    try:
        p.user(USER)
        p.pass_(PASSWORD)
        count, _ = p.stat()
        bodies = [b"\r\n".join(p.retr(n)[1]) for n in range(1, count + 1)]
    finally:
        p.quit()
    check(any(("Subject: " + subject).encode() in b for b in bodies), "the same message over POP3")


def message_ids():
    """Message-ID of every message in the load account's INBOX, one entry per message."""
    imap = imaplib.IMAP4(*IMAP, timeout=60)
    try:
        imap.login(LOAD_USER, PASSWORD)
        imap.select("INBOX", readonly=True)
        _, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    except imaplib.IMAP4.error:
        return []
    finally:
        imap.logout()
    ids = []
    for part in data:
        if isinstance(part, tuple):
            m = re.search(rb"<([^>]+)>", part[1])
            ids.append(m.group(1).decode() if m else None)
    return ids


def scenario_restart():
    accepted, refused, lock = [], [], threading.Lock()
    counter = iter(range(MESSAGES))
    restart_started = threading.Event()

    def sender():
        conn = None
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            pause = start + n / RATE - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            mid = "load-%d-%s@outside.test" % (n, uuid.uuid4().hex)
            try:
                if conn is None:
                    conn = smtplib.SMTP(*SMTP, timeout=60)
                    conn.ehlo("client.outside.test")
                conn.sendmail("sender@outside.test", [LOAD_USER], message(LOAD_USER, "load %d" % n, mid))
                with lock:
                    accepted.append(mid)
                    if len(accepted) == RESTART_AFTER:
                        restart_started.set()
            except (smtplib.SMTPException, OSError) as e:
                with lock:
                    refused.append((mid, repr(e)))
                conn = None
        if conn is not None:
            conn.quit()

    start = time.monotonic()
    threads = [threading.Thread(target=sender) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    check(restart_started.wait(180), "%d messages accepted before the restart" % RESTART_AFTER)
    at_restart_start = len(accepted)
    r = subprocess.run(PLAY + ["restart", "delivery-service"] + PLAY_ARGS, capture_output=True, text=True)
    check(r.returncode == 0, "delivery-service's pod restarted during the load: %s %s" % (r.stdout.strip(), r.stderr[-2000:]))
    at_restart_end = len(accepted)
    check(at_restart_end > at_restart_start, "smtp-ingress accepted %d messages while delivery-service restarted"
          % (at_restart_end - at_restart_start))
    for t in threads:
        t.join()
    sent_seconds = time.monotonic() - start
    check(at_restart_end < MESSAGES, "the load went on after the restart (%d of %d sent when it ended)"
          % (at_restart_end, MESSAGES))
    print("sent %d messages in %.1f s: %d accepted, %d refused %s"
          % (MESSAGES, sent_seconds, len(accepted), len(refused), refused[:3]), flush=True)
    check(len(accepted) >= MESSAGES * 0.9, "smtp-ingress accepted almost all (%d) while delivery-service restarted"
          % len(accepted))
    deadline = time.time() + 180
    ids = []
    while time.time() < deadline:
        ids = message_ids()
        if len(ids) >= len(accepted):
            break
        time.sleep(2)
    time.sleep(3)  # a late duplicate would show up now
    ids = message_ids()
    counts = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    lost = [m for m in accepted if m not in counts]
    duplicated = [m for m, c in counts.items() if c > 1]
    check(not lost, "no accepted message lost (%d accepted, %d in the mailbox; lost %s)"
          % (len(accepted), len(ids), lost[:5]))
    check(not duplicated, "no message delivered twice (%s)" % duplicated[:5])
    check(set(counts) <= set(accepted) | {m for m, _ in refused},
          "the mailbox holds only messages of this load")
    print("delivered all %d accepted messages once, %.1f s after the first was sent"
          % (len(accepted), time.monotonic() - start), flush=True)


if __name__ == "__main__":
    scenario_security()
    scenario_admin()
    scenario_roundtrip()
    scenario_restart()
    print("PODS E2E PASSED")
