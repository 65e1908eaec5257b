"""Sieve and ManageSieve with real clients: Debian's sieve-connect (ManageSieve over STARTTLS), smtplib to send,
imaplib to read. Run by SieveE2ETest; the environment gives MANAGESIEVE_PORT, SMTP_PORT, IMAP_PORT, ADMIN_URL,
ADMIN_TOKEN, MAIL_USER, MAIL_PASSWORD.
"""
import base64
import imaplib
import os
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import uuid

from imap_e2e import check, tls_context
from mailtest import api

SIEVE_PORT = int(os.environ["MANAGESIEVE_PORT"])
SMTP_PORT = int(os.environ["SMTP_PORT"])
IMAP_PORT = int(os.environ["IMAP_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]
DOMAIN = USER.split("@")[1]
TAG = uuid.uuid4().hex[:8]

SCRIPT = """require ["fileinto", "reject", "vacation", "imap4flags"];
if header :contains "subject" "sieve-fileinto-%(tag)s" {
  fileinto "Sieved";
  stop;
}
if header :contains "subject" "sieve-reject-%(tag)s" {
  reject "not wanted here";
  stop;
}
if header :contains "subject" "sieve-flags-%(tag)s" {
  addflag "\\\\Flagged";
  addflag "$Sieved";
  keep;
  stop;
}
if header :contains "subject" "sieve-vacation-%(tag)s" {
  vacation :days 1 :subject "away-%(tag)s" "I am away.";
}
""" % {"tag": TAG}

# line 3 lacks its semicolon
BAD = 'require ["fileinto"];\r\nkeep;\r\nfileinto "a"\r\nkeep;\r\n'


def sieve_connect(*args, stdin=None):
    cmd = ["sieve-connect", "--server", "127.0.0.1", "--port", str(SIEVE_PORT), "--user", USER,
           "--passwordfd", "0", "--notlsverify", "--noclearauth", "--authmech", "PLAIN"] + list(args)
    r = subprocess.run(cmd, input=(PASSWORD + "\n").encode(), capture_output=True, timeout=60)
    out = (r.stdout + r.stderr).decode(errors="replace")
    print("[sieve-connect %s] rc=%d\n%s" % (" ".join(args), r.returncode, out))
    return r.returncode, out


def account(local):
    address = "%s-%s@%s" % (local, TAG, DOMAIN)
    status, _, _ = api("POST", "/api/v1/accounts", {"address": address, "password": "pw-" + TAG + "-secret"})
    check(status == 201, "account %s created" % address)
    return address


def imap(user=USER, password=PASSWORD):
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=30)
    m.starttls(tls_context())
    m.login(user, password)
    return m


def send(sender, subject, extra=""):
    msg = ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@%s>\r\n%s\r\nhello\r\n"
           % (sender, USER, subject, uuid.uuid4(), DOMAIN, extra))
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        refused = s.sendmail(sender, [USER], msg.encode())
    check(refused == {}, "the MTA accepted " + subject)


def search(m, mailbox, subject, timeout=60):
    """UIDs of messages in mailbox whose subject contains subject, waiting until there is one."""
    deadline = time.time() + timeout
    while True:
        m.select(mailbox)
        typ, data = m.uid("SEARCH", None, "SUBJECT", '"%s"' % subject)
        uids = data[0].split() if typ == "OK" and data and data[0] else []
        if uids or time.time() > deadline:
            return uids
        time.sleep(0.5)


def managesieve():
    # sieve-connect: upload, activate, list; the stack's certificate is self-signed (--notlsverify)
    with tempfile.NamedTemporaryFile("w", suffix=".sieve", delete=False) as f:
        f.write(SCRIPT)
        good = f.name
    with tempfile.NamedTemporaryFile("w", suffix=".sieve", delete=False) as f:
        f.write(BAD)
        bad = f.name
    rc, out = sieve_connect("--upload", "--localsieve", good, "--remotesieve", "e2e")
    check(rc == 0, "sieve-connect uploaded a script over ManageSieve with STARTTLS")
    rc, out = sieve_connect("--activate", "--remotesieve", "e2e")
    check(rc == 0, "sieve-connect activated it")
    rc, out = sieve_connect("--list")
    check(rc == 0 and "e2e" in out and "active" in out.lower(), "sieve-connect lists it as active")
    rc, out = sieve_connect("--checkscript", "--localsieve", bad)
    check(rc != 0 and "line 3" in out, "CHECKSCRIPT of a bad script is refused with its line number")


def checkscript_raw():
    """CHECKSCRIPT spoken directly: the NO carries the line number (RFC 5804 section 2.12)."""
    import ssl
    s = socket.create_connection(("127.0.0.1", SIEVE_PORT), timeout=30)
    f = s.makefile("rb")

    def until_status():
        lines = []
        while True:
            line = f.readline().decode()
            lines.append(line)
            if line.startswith(("OK", "NO", "BYE")):
                return lines
    greeting = until_status()
    check(any(l.startswith('"STARTTLS"') for l in greeting), "the greeting offers STARTTLS")
    s.sendall(b"STARTTLS\r\n")
    check(until_status()[-1].startswith("OK"), "STARTTLS accepted")
    s = tls_context().wrap_socket(s, server_hostname="localhost")
    f = s.makefile("rb")
    caps = until_status()
    check('"SASL" "PLAIN"\r\n' in caps, "PLAIN is offered after STARTTLS")
    cred = base64.b64encode(("\0%s\0%s" % (USER, PASSWORD)).encode()).decode()
    s.sendall(('AUTHENTICATE "PLAIN" "%s"\r\n' % cred).encode())
    check(until_status()[-1].startswith("OK"), "AUTHENTICATE PLAIN")
    data = BAD.encode()
    s.sendall(b"CHECKSCRIPT {%d+}\r\n" % len(data) + data + b"\r\n")
    reply = until_status()[-1]
    check(reply.startswith("NO") and "line 3" in reply, "CHECKSCRIPT answers NO with line 3: " + reply.strip())
    s.sendall(b"LOGOUT\r\n")
    s.close()


def deliveries():
    m = imap()
    m.create("Sieved")
    sender = account("sender")
    lister = account("lister")
    spw = "pw-" + TAG + "-secret"

    send(sender, "sieve-fileinto-" + TAG)
    check(search(m, "Sieved", "sieve-fileinto-" + TAG) != [], "fileinto put the message in Sieved")
    check(search(m, "INBOX", "sieve-fileinto-" + TAG, timeout=0) == [], "and not in INBOX")

    send(sender, "sieve-flags-" + TAG)
    uids = search(m, "INBOX", "sieve-flags-" + TAG)
    check(uids != [], "imap4flags message kept in INBOX")
    typ, data = m.uid("FETCH", uids[0], "(FLAGS)")
    flags = data[0].decode()
    check("\\Flagged" in flags and "$Sieved" in flags, "imap4flags set \\Flagged and $Sieved: " + flags)

    send(sender, "sieve-reject-" + TAG)
    s = imap(sender, spw)
    deadline = time.time() + 60
    bounce = []
    while not bounce and time.time() < deadline:
        s.select("INBOX")
        typ, data = s.uid("SEARCH", None, "TEXT", '"not wanted here"')
        bounce = data[0].split() if data and data[0] else []
        if not bounce:
            time.sleep(0.5)
    check(bounce != [], "reject sent a bounce with the reason to the sender")
    check(search(m, "INBOX", "sieve-reject-" + TAG, timeout=0) == [], "the rejected message was not stored")

    send(sender, "sieve-vacation-" + TAG + " one")
    send(sender, "sieve-vacation-" + TAG + " two")
    send(lister, "sieve-vacation-" + TAG + " list", "List-Id: <talk.lists.example>\r\n")
    check(len(search(m, "INBOX", "sieve-vacation-" + TAG)) >= 1, "vacation messages kept")
    search(m, "INBOX", "sieve-vacation-" + TAG + " list")
    deadline = time.time() + 30
    replies = []
    while not replies and time.time() < deadline:
        s.select("INBOX")
        typ, data = s.uid("SEARCH", None, "SUBJECT", '"away-%s"' % TAG)
        replies = data[0].split() if data and data[0] else []
        if not replies:
            time.sleep(0.5)
    check(len(replies) == 1, "vacation replied once to the sender")
    # the second message and the list message were delivered before this point; a reply to either would be
    # queued within the same few seconds as the first
    time.sleep(5)
    s.select("INBOX")
    typ, data = s.uid("SEARCH", None, "SUBJECT", '"away-%s"' % TAG)
    check(len(data[0].split()) == 1, "no second vacation reply to the same sender (duplicate suppression)")
    l = imap(lister, spw)
    l.select("INBOX")
    typ, data = l.uid("SEARCH", None, "SUBJECT", '"away-%s"' % TAG)
    check(not data[0], "no vacation reply to a message with List-Id")
    for c in (m, s, l):
        c.logout()
    # the stack is shared by every e2e class: leave the account without an active script
    rc, out = sieve_connect("--deactivate")
    check(rc == 0, "sieve-connect deactivated the script")


if __name__ == "__main__":
    which = sys.argv[1]
    if which in ("all", "managesieve"):
        managesieve()
        checkscript_raw()
    if which in ("all", "deliveries"):
        deliveries()
    print("done")
