"""Real clients against the running platform: Python's smtplib and poplib (standard library, not ours).

Each subcommand is one scenario; PlatformE2ETest runs them between starting and stopping services.
Ports and the account come from the environment the Java test sets.
"""
import json
import os
import poplib
import re
import socket
import smtplib
import sys
import time
import urllib.error
import urllib.request
import uuid

SMTP_PORT = int(os.environ["SMTP_PORT"])
IMAP_PORT = int(os.environ.get("IMAP_PORT", "0"))
POP3_PORT = int(os.environ["POP3_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]
DOMAIN = USER.split("@")[1]
ADMIN_URL = os.environ.get("ADMIN_URL")
ADMIN_TOKEN = os.environ.get("ADMIN_TOKEN")


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok -", what)


def api(method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(ADMIN_URL + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + (token or ADMIN_TOKEN))
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw else None), e.headers.get("Content-Type", "")


def message(subject, body_lines):
    lines = ["From: Sender <sender@outside.test>", "To: <%s>" % USER, "Subject: " + subject,
             "Message-ID: <%s@outside.test>" % uuid.uuid4(), ""] + body_lines
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def send(msg, rcpts=None):
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        return s.sendmail("sender@outside.test", rcpts or [USER], msg)


def pop():
    p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
    p.user(USER)
    p.pass_(PASSWORD)
    return p


def retried(connect, refused, seconds=15, pause=0.2):
    """connect(), again while it fails with an error refused(e) calls temporary (a per-client slot or lock that the
    server frees a moment after the client closed its connection): waited on, not slept on."""
    deadline = time.time() + seconds
    while True:
        try:
            return connect()
        except Exception as e:
            if not refused(e) or time.time() >= deadline:
                raise
            time.sleep(pause)


def pop_when_unlocked():
    """A dropped session's maildrop lock is released when the gateway sees the socket close; until then PASS is
    refused with [IN-USE] (RFC 2449 section 8.1.2)."""
    return retried(pop, lambda e: isinstance(e, poplib.error_proto) and b"[IN-USE]" in e.args[0])


def find(p, subject):
    """Returns (msg number, uidl, raw bytes) of the message with that subject, or None."""
    _, listing, _ = p.uidl()
    for entry in listing:
        num, uid = entry.decode().split()
        _, lines, _ = p.retr(int(num))
        raw = b"\r\n".join(lines) + b"\r\n"
        if ("Subject: " + subject).encode() in raw:
            return int(num), uid, raw
    return None


def strip_received(raw):
    """The message without the trace fields the platform prepends: Received, and on port 25 the
    Authentication-Results field of its sender checks (RFC 8601 section 4) right under it."""
    check(raw.startswith(b"Received: from "), "the platform prepended a Received header")
    lines = raw.split(b"\r\n")
    i = 1
    while lines[i].startswith(b"\t") or lines[i].startswith(b" "):
        i += 1
    if lines[i].startswith(b"Authentication-Results: "):
        i += 1
        while lines[i].startswith(b"\t") or lines[i].startswith(b" "):
            i += 1
    return b"\r\n".join(lines[i:])


def wait_for(subject, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            p = pop()
        except poplib.error_proto as e:
            # RFC 3206 [SYS/TEMP]: the gateway is still reconnecting to mailbox-store; a client tries again.
            if b"[SYS/TEMP]" not in e.args[0]:
                raise
            time.sleep(0.5)
            continue
        try:
            found = find(p, subject)
        finally:
            p.quit()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError("message %r did not arrive within %ss" % (subject, seconds))


def scenario_roundtrip():
    subject = "roundtrip " + uuid.uuid4().hex
    body = ["Hello,", "", ".a line that starts with a dot", "..two dots", ".", "x" * 998,
            "tab\there", "last line"]
    msg = message(subject, body)
    refused = send(msg)
    check(refused == {}, "smtplib: recipient accepted")
    num, uid, raw = wait_for(subject)
    check(strip_received(raw) == msg, "the body arrives byte for byte after the trace header fields")

    p = pop()
    try:
        again = find(p, subject)
        check(again[1] == uid, "UIDL is stable across sessions (%s)" % uid)
        count, size = p.stat()
        check(count >= 1 and size >= len(msg), "STAT counts the message")
        _, top, _ = p.top(again[0], 0)
        check(any(l.startswith(b"Subject: " + subject.encode()) for l in top), "TOP returns the headers")
        check(b"Hello," not in b"\n".join(top), "TOP 0 returns no body lines")
        p.dele(again[0])
        p.rset()
    finally:
        p.quit()
    p = pop()
    try:
        check(find(p, subject) is not None, "RSET undid DELE")
        num = find(p, subject)[0]
        p.dele(num)
    finally:
        p.quit()
    p = pop()
    try:
        check(find(p, subject) is None, "DELE + QUIT removed the message")
    finally:
        p.quit()


def scenario_drop_keeps():
    subject = "dropped " + uuid.uuid4().hex
    send(message(subject, ["keep me"]))
    num, uid, raw = wait_for(subject)
    p = pop()
    p.dele(num)
    # connection lost without QUIT: RFC 1939 section 6, nothing is deleted
    p.sock.shutdown(socket.SHUT_RDWR)
    p.sock.close()
    p.file.close()
    p = pop_when_unlocked()
    try:
        check(find(p, subject) is not None, "a dropped session deletes nothing")
        p.dele(find(p, subject)[0])
    finally:
        p.quit()


def scenario_in_use():
    p = pop()
    try:
        try:
            pop().quit()
            raise AssertionError("a second session opened a locked maildrop")
        except poplib.error_proto as e:
            check(b"[IN-USE]" in e.args[0], "a second session gets -ERR [IN-USE] (%s)" % e.args[0].decode())
    finally:
        p.quit()
    pop().quit()
    print("ok - the maildrop is free again after QUIT")


def scenario_rejections():
    try:
        send(message("x", ["y"]), ["nobody-" + uuid.uuid4().hex[:8] + "@" + DOMAIN])
        raise AssertionError("unknown recipient accepted")
    except smtplib.SMTPRecipientsRefused as e:
        code, text = list(e.recipients.values())[0]
        check(code == 550 and b"5.1.1" in text, "unknown local user gets 550 5.1.1 (%s)" % text.decode())
    try:
        send(message("x", ["y"]), ["victim@elsewhere.example"])
        raise AssertionError("relay accepted")
    except smtplib.SMTPRecipientsRefused as e:
        code, text = list(e.recipients.values())[0]
        check(code == 554 and b"5.7.1" in text, "relay attempt gets 554 5.7.1 (%s)" % text.decode())
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        check("pipelining" in s.esmtp_features and "size" in s.esmtp_features, "EHLO advertises PIPELINING and SIZE")
        code, text = s.verify(USER)
        check(code == 252, "VRFY answers 252 and discloses nothing")
        code, text = s.mail("sender@outside.test", ["SIZE=999999999"])
        check(code == 552, "MAIL with SIZE over the limit gets 552")


def raw(port, payload, wait=0.5, pause=0.0):
    """Speaks SMTP over a plain socket (for input no polite client sends); returns all server output.

    payload is bytes or a list of byte chunks sent `pause` seconds apart."""
    chunks = payload if isinstance(payload, list) else [payload]
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    out = b""
    try:
        sock.recv(1024)
        for c in chunks:
            sock.sendall(c)
            time.sleep(pause)
        time.sleep(wait)
        sock.settimeout(5)
        while True:
            try:
                d = sock.recv(65536)
            except socket.timeout:
                break
            if not d:
                break
            out += d
    finally:
        sock.close()
    return out


def raw_session(chunks):
    return raw(SMTP_PORT, chunks + [b"QUIT\r\n"], wait=0, pause=0.3)


def scenario_smuggling():
    subject = "smuggle " + uuid.uuid4().hex
    inner = "smuggled " + uuid.uuid4().hex
    data = ("Subject: %s\r\n\r\nouter\n.\nMAIL FROM:<a@outside.test>\r\nRCPT TO:<%s>\r\nDATA\r\nSubject: %s\r\n\r\nhi\r\n.\r\n"
            % (subject, USER, inner)).encode()
    out = raw_session([b"EHLO x.test\r\n", b"MAIL FROM:<a@outside.test>\r\n", ("RCPT TO:<%s>\r\n" % USER).encode(),
                       b"DATA\r\n", data])
    check(b"554 5.6.0" in out, "bare LF in DATA is rejected")
    check(out.count(b"250 2.0.0 Ok: queued") == 0, "nothing was queued")
    time.sleep(2)
    p = pop()
    try:
        check(find(p, subject) is None and find(p, inner) is None, "no smuggled message was delivered")
    finally:
        p.quit()
    out = raw_session([b"EHLO x.test\r\n", b"NOOP " + b"a" * 600 + b"\r\n", b"\x00\x01\x02\r\n", b"BOGUS\r\n"])
    check(out.count(b"500 5.5.2") == 3, "overlong, binary and unknown commands get 500 and the session goes on")
    check(b"221 2.0.0" in out, "the session still answers QUIT")


def scenario_pipelining():
    subjects = ["pipe-%d %s" % (i, uuid.uuid4().hex) for i in range(3)]
    cmds = b"EHLO x.test\r\n"
    for subj in subjects:
        cmds += ("MAIL FROM:<a@outside.test>\r\nRCPT TO:<%s>\r\nDATA\r\n" % USER).encode()
        cmds += ("Subject: %s\r\n\r\nbody\r\n.\r\n" % subj).encode()
    out = raw_session([cmds])
    check(out.count(b"250 2.0.0 Ok: queued as") == 3, "three pipelined transactions in one packet are all queued")
    for subj in subjects:
        wait_for(subj)
    print("ok - all pipelined messages arrived")


def scenario_send(subject):
    refused = send(message(subject, ["sent while delivery-service is down"]))
    check(refused == {}, "accepted with 250 while delivery-service is stopped")


def scenario_await(subject):
    wait_for(subject, 120)
    print("ok - the message queued during the outage was delivered")


def scenario_await_recovery():
    """After mailbox-store or the broker comes back, mail is accepted again; reports how long it took."""
    t0 = time.time()
    while True:
        try:
            send(message("recovery " + uuid.uuid4().hex, ["back"]))
            print("ok - accepted again %.1f s after the outage ended" % (time.time() - t0))
            return
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as e:
            code = e.smtp_code if isinstance(e, smtplib.SMTPDataError) else list(e.recipients.values())[0][0]
            check(code == 451, "only temporary failures while the platform comes back")
            if time.time() - t0 > 90:
                raise AssertionError("smtp-ingress did not recover within 90 s")
            time.sleep(1)


def scenario_expect_451_at_data():
    """With the broker down the message cannot be queued: 451 4.3.0 after DATA, never 250."""
    t0 = time.time()
    try:
        send(message("broker down " + uuid.uuid4().hex, ["must not be accepted"]))
        raise AssertionError("accepted while the broker is down")
    except smtplib.SMTPDataError as e:
        check(e.smtp_code == 451 and b"4.3.0" in e.smtp_error,
              "broker down: 451 4.3.0 after DATA in %.1f s (%s)" % (time.time() - t0, e.smtp_error.decode()))


def scenario_expect_451():
    """mailbox-store down: never 250. RCPT gets 451 4.3.0, unless smtp-ingress still remembers that the recipient
    exists (smtpd.recipient-cache-ttl, positive answers only): then the message gets 451 4.3.0 after DATA, since its
    content cannot be stored."""
    try:
        send(message("x", ["y"]))
        raise AssertionError("accepted while mailbox-store is down")
    except smtplib.SMTPRecipientsRefused as e:
        code, text = list(e.recipients.values())[0]
        check(code == 451 and b"4.3.0" in text, "store down: RCPT gets 451 4.3.0, never 250 (%s)" % text.decode())
    except smtplib.SMTPDataError as e:
        check(e.smtp_code == 451 and b"4.3.0" in e.smtp_error,
              "store down, recipient remembered: 451 4.3.0 after DATA, never 250 (%s)" % e.smtp_error.decode())


if __name__ == "__main__":
    name = sys.argv[1]
    globals()["scenario_" + name](*sys.argv[2:])
