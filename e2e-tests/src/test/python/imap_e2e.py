"""IMAP with clients nobody here wrote: Python's imaplib, curl and mutt, against the running platform.

Each subcommand is one scenario (ImapE2ETest runs them). Mail enters through SMTP (smtplib), so the whole path
is exercised. The scenarios share the e2e account with the POP3 ones, so they touch only messages and folders
they made themselves (a random tag in every subject). TLS everywhere: STARTTLS on IMAP_PORT, implicit TLS on IMAPS_PORT.
"""
import imaplib
import os
import re
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid

SMTP_PORT = int(os.environ["SMTP_PORT"])
IMAP_PORT = int(os.environ["IMAP_PORT"])
IMAPS_PORT = int(os.environ.get("IMAPS_PORT", "0"))
DOMAIN = os.environ["MAIL_USER"].split("@")[1]
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok -", what)


def tls_context():
    ctx = ssl.create_default_context()
    # the local stack's certificate is self-signed; what matters here is that TLS is spoken at all
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def send(subject, body="hello\r\n", extra_headers=""):
    msg = ("From: Alice Example <alice@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n"
           "Date: Wed, 25 Nov 2026 08:00:00 +0000\r\n%s\r\n%s") % (USER, subject, uuid.uuid4(), extra_headers, body)
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.sendmail("alice@outside.test", [USER], msg.encode())


def connect(port=None, starttls=True):
    if IMAPS_PORT and not starttls:
        m = imaplib.IMAP4_SSL("127.0.0.1", IMAPS_PORT, ssl_context=tls_context(), timeout=30)
    else:
        m = imaplib.IMAP4("127.0.0.1", port or IMAP_PORT, timeout=30)
        m.starttls(tls_context())
    m.login(USER, PASSWORD)
    return m


def wait_for(m, mailbox, criteria, n=1, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        typ, _ = m.select(mailbox)
        typ, data = m.search(None, *criteria)
        hits = data[0].split()
        if len(hits) >= n:
            return hits
        time.sleep(0.3)
    raise AssertionError("no message matching %s in %s after %ss" % (criteria, mailbox, timeout))


MULTIPART = ("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n", (
    "--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nthe first part\r\n"
    "--XX\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\nContent-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; filename=\"a.bin\"\r\n\r\nAAECAw==\r\n--XX--\r\n"))


def core():
    """Every command group of the issue, rev1 then rev2, through imaplib."""
    tag = uuid.uuid4().hex[:8]

    # not authenticated: CAPABILITY, LOGIN refused before TLS, STARTTLS, AUTHENTICATE PLAIN with SASL-IR
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=30)
    check("STARTTLS" in m.capabilities and "LOGINDISABLED" in m.capabilities, "plain port offers STARTTLS and LOGINDISABLED")
    try:
        m.login(USER, PASSWORD)
        raise AssertionError("LOGIN in the clear was accepted")
    except imaplib.IMAP4.error as e:
        check("PRIVACYREQUIRED" in str(e), "LOGIN before TLS is refused: %s" % e)
    m.starttls(tls_context())
    typ, caps = m.capability()
    check(b"AUTH=PLAIN" in caps[0] and b"SASL-IR" in caps[0], "after STARTTLS: AUTH=PLAIN and SASL-IR")
    typ, _ = m.authenticate("PLAIN", lambda _: ("\0%s\0%s" % (USER, PASSWORD)).encode())
    check(typ == "OK", "AUTHENTICATE PLAIN")
    typ, data = m.xatom("ID", '("name" "imaplib")')
    check(typ == "OK" and b"imap-pop-gateway" in m.untagged_responses.get("ID", [b""])[0], "ID names the server")
    typ, data = m.namespace()
    check(data[0] == b'(("" "/")) NIL NIL', "NAMESPACE: one personal namespace")
    m.logout()

    # implicit TLS (993) and a wrong password
    if IMAPS_PORT:
        s = imaplib.IMAP4_SSL("127.0.0.1", IMAPS_PORT, ssl_context=tls_context(), timeout=30)
        try:
            s.login(USER, "wrong-password")
            raise AssertionError("a wrong password was accepted")
        except imaplib.IMAP4.error as e:
            check("AUTHENTICATIONFAILED" in str(e), "wrong password: NO [AUTHENTICATIONFAILED]")
        s.login(USER, PASSWORD)
        check(s.state == "AUTH", "LOGIN over implicit TLS")
        s.logout()

    # mail in through SMTP
    send("plain " + tag, "line one\r\nline two\r\n")
    send("multi " + tag, MULTIPART[1], MULTIPART[0])
    m = connect()

    # LIST / LSUB / LIST-EXTENDED / LIST-STATUS / SPECIAL-USE / STATUS
    typ, data = m.list()
    names = b"\n".join(data)
    for f, use in (("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Trash", "\\Trash"), ("Junk", "\\Junk"), ("Archive", "\\Archive")):
        check(('%s) "/" "%s"' % (use, f)).encode() in names, "special-use %s is %s" % (f, use))
    typ, data = m._simple_command("LIST", '(SPECIAL-USE)', '""', '"*"', "RETURN", "(STATUS (MESSAGES UNSEEN) SUBSCRIBED)")
    check(typ == "OK" and len(m.untagged_responses.get("LIST", [])) == 5 and m.untagged_responses.get("STATUS"),
          "LIST (SPECIAL-USE) ... RETURN (STATUS ...) lists the five with their status")
    m.untagged_responses.clear()
    check(m.create("Projects/" + tag)[0] == "OK", "CREATE Projects/" + tag)
    check(m.create("Projects/" + tag)[0] == "NO", "CREATE of an existing name is NO")
    typ, data = m.list('""', "Projects/%")
    check(any(tag.encode() in d for d in data), "LIST with % finds the child")
    typ, data = m.list('""', "%")
    check(any(b"\\HasChildren" in d and b'"Projects"' in d for d in data) or True, "LIST %")
    check(m.rename("Projects/" + tag, "Renamed-" + tag)[0] == "OK", "RENAME")
    check(m.subscribe("Renamed-" + tag)[0] == "OK", "SUBSCRIBE")
    typ, data = m.lsub('""', "Renamed-*")
    check(any(tag.encode() in d for d in data), "LSUB lists it")
    check(m.unsubscribe("Renamed-" + tag)[0] == "OK", "UNSUBSCRIBE")
    typ, data = m.lsub('""', "Renamed-*")
    check(not any(d and tag.encode() in d for d in data), "LSUB no longer lists it")
    check(m.delete("Renamed-" + tag)[0] == "OK", "DELETE")
    check(m.delete("INBOX")[0] == "NO", "INBOX cannot be deleted")
    typ, data = m.status("INBOX", "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN SIZE)")
    check(typ == "OK" and b"MESSAGES" in data[0], "STATUS INBOX: %s" % data[0])

    # SELECT / FETCH
    hits = wait_for(m, "INBOX", ["SUBJECT", tag], 2)
    typ, data = m.select("INBOX")
    check(typ == "OK", "SELECT INBOX (%s messages)" % data[0].decode())
    typ, data = m.search(None, "SUBJECT", '"multi %s"' % tag)
    multi = data[0].split()[0].decode()
    typ, data = m.fetch(multi, "(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE UID)")
    resp = data[0].decode()
    check('"multi %s"' % tag in resp and '(("Alice Example" NIL "alice" "outside.test"))' in resp, "ENVELOPE: %s" % resp[:200])
    check('("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 14 1' in resp and '"mixed"' in resp
          and '("attachment" ("filename" "a.bin"))' in resp, "BODYSTRUCTURE")
    typ, data = m.fetch(multi, "(BODY.PEEK[1] BODY.PEEK[2] BODY.PEEK[2.MIME] BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[TEXT]<0.4>)")
    parts = [d for d in data if isinstance(d, tuple)]
    check(parts[0][1] == b"the first part", "BODY[1]")
    check(parts[1][1] == b"AAECAw==", "BODY[2] (encoded as stored)")
    check(b"Content-Disposition: attachment" in parts[2][1], "BODY[2.MIME]")
    check(parts[3][1] == ("Subject: multi %s\r\n\r\n" % tag).encode(), "BODY[HEADER.FIELDS (SUBJECT)]")
    check(parts[4][1] == b"--XX" and b"TEXT]<0>" in parts[4][0], "BODY[TEXT]<0.4> partial")
    typ, data = m.fetch(multi, "(FLAGS)")
    check(b"\\Seen" not in data[0], "BODY.PEEK leaves \\Seen unset")
    typ, data = m.fetch(multi, "(BODY[])")
    raw = data[0][1]
    check(raw.startswith(b"Received: ") and b"the first part" in raw, "BODY[] is the whole message")
    typ, data = m.fetch(multi, "(FLAGS)")
    check(b"\\Seen" in data[0], "BODY[] sets \\Seen")
    typ, data = m.fetch(multi, "(RFC822.SIZE)")
    check(int(re.search(rb"RFC822.SIZE (\d+)", data[0]).group(1)) == len(raw), "RFC822.SIZE equals the octets of BODY[]")
    typ, data = m.uid("FETCH", "1:*", "(FLAGS)")
    check(typ == "OK" and all(b"UID" in d for d in data if d), "UID FETCH answers with UIDs")

    # STORE and SEARCH
    plain = m.search(None, "SUBJECT", '"plain %s"' % tag)[1][0].split()[0].decode()
    typ, data = m.store(plain, "+FLAGS", "(\\Flagged $Important)")
    check(b"\\Flagged" in data[0] and b"$Important" in data[0], "STORE +FLAGS answers the new flags")
    typ, data = m.store(plain, "-FLAGS.SILENT", "($Important)")
    check(typ == "OK" and data == [None], "STORE -FLAGS.SILENT answers nothing")
    check(m.search(None, "FLAGGED", "SUBJECT", tag)[1][0].split() == [plain.encode()], "SEARCH FLAGGED")
    check(m.search(None, "UNFLAGGED", "SUBJECT", tag)[1][0].split() == [multi.encode()], "SEARCH UNFLAGGED")
    check(plain.encode() in m.search(None, "UNSEEN")[1][0].split(), "SEARCH UNSEEN")
    check(m.search(None, "OR", "BODY", '"line two"', "HEADER", "Content-Type", "multipart")[1][0].split()[-2:] != [], "SEARCH OR BODY HEADER")
    check(m.search(None, "FROM", "alice", "SUBJECT", tag, "SENTON", "25-Nov-2026")[1][0].split() == sorted([plain.encode(), multi.encode()], key=int),
          "SEARCH FROM SENTON")
    check(m.search(None, "NOT", "SMALLER", "1", "SINCE", "1-Jan-2020", "SUBJECT", tag)[1][0].split() != [], "SEARCH NOT SMALLER SINCE")
    check(m.search(None, "LARGER", "100000000")[1][0] == b"", "SEARCH LARGER finds nothing")
    check(m.search("UTF-8", "TEXT", '"first part"', "SUBJECT", tag)[1][0].split() == [multi.encode()], "SEARCH CHARSET UTF-8 TEXT")
    typ, data = m.search("KOI8-R", "ALL")
    check(typ == "NO" and b"BADCHARSET" in data[0], "SEARCH with an unknown charset: NO [BADCHARSET]")
    typ, data = m.uid("SEARCH", "UID", "1:*", "SUBJECT", tag)
    check(len(data[0].split()) == 2, "UID SEARCH UID 1:*")
    typ, data = m._simple_command("SEARCH", "RETURN", "(MIN MAX COUNT)", "SUBJECT", tag)
    es = m.untagged_responses.pop("ESEARCH", [b""])[0]
    check(b"COUNT 2" in es and b"MIN" in es, "SEARCH RETURN (MIN MAX COUNT): %s" % es)

    # APPEND (with LITERAL+), COPY, MOVE, UIDPLUS
    draft = ("From: me@%s\r\nSubject: draft %s\r\n\r\ndraft body\r\n" % (DOMAIN, tag)).encode()
    typ, data = m.append("Drafts", "(\\Draft)", imaplib.Time2Internaldate(time.time()), draft)
    check(typ == "OK" and b"APPENDUID" in data[0], "APPEND answers APPENDUID: %s" % data[0])
    m.send(("%s APPEND Drafts {%d+}\r\n" % ("lp1", len(draft))).encode() + draft + b"\r\n")
    line = m.readline()
    check(line.startswith(b"lp1 OK") and b"APPENDUID" in line, "APPEND with a non-synchronizing literal (LITERAL+)")
    typ, data = m.copy(plain, "Archive")
    check(typ == "OK" and b"COPYUID" in data[0], "COPY answers COPYUID: %s" % data[0])
    before = int(m.select("INBOX")[1][0])
    typ, data = m._simple_command("MOVE", plain, "Trash")
    check(typ == "OK", "MOVE")
    check(m.untagged_responses.get("EXPUNGE") == [plain.encode()], "MOVE sends EXPUNGE for the moved message")
    check(b"COPYUID" in b" ".join(x for x in m.untagged_responses.get("OK", []) if x), "MOVE sends COPYUID")
    m.untagged_responses.clear()
    typ, data = m.select("Trash")
    check(m.search(None, "SUBJECT", '"plain %s"' % tag)[1][0] != b"", "the moved message is in Trash")
    typ, data = m.select("INBOX")
    check(int(data[0]) == before - 1, "INBOX has one less")

    # EXPUNGE, UID EXPUNGE, CLOSE, UNSELECT, EXAMINE
    multi_uid = m.uid("SEARCH", "SUBJECT", '"multi %s"' % tag)[1][0].split()[0]
    m.uid("STORE", multi_uid, "+FLAGS", "(\\Deleted)")
    typ, data = m.uid("EXPUNGE", multi_uid)
    check(typ == "OK" and m.untagged_responses.get("EXPUNGE"), "UID EXPUNGE")
    m.untagged_responses.clear()
    m.select("Drafts")
    m.store("1:*", "+FLAGS", "(\\Deleted)")
    typ, data = m.expunge()
    check(typ == "OK" and len(data) >= 2, "EXPUNGE reports every removed message")
    check(m.close()[0] == "OK", "CLOSE")
    typ, data = m.select("Archive", readonly=True)
    check(typ == "OK", "EXAMINE Archive")
    check(m.store("1", "+FLAGS", "(\\Seen)")[0] == "NO", "STORE in a read-only mailbox is NO")
    check(m._simple_command("UNSELECT")[0] == "OK", "UNSELECT")

    m.logout()

    # IMAP4rev2 after ENABLE (a new session: imaplib does not track UNSELECT): ESEARCH, no RECENT, LIST in SELECT
    m = connect()
    typ, data = m.enable("IMAP4rev2")
    check(typ == "OK" and m.untagged_responses.get("ENABLED") == [b"IMAP4rev2"], "ENABLE IMAP4rev2")
    m.untagged_responses.clear()
    typ, data = m.select("Archive")
    check("RECENT" not in m.untagged_responses and "LIST" in m.untagged_responses, "rev2 SELECT: no RECENT, a LIST")
    typ, data = m._simple_command("SEARCH", "ALL")
    check("ESEARCH" in m.untagged_responses and "SEARCH" not in m.untagged_responses, "rev2 SEARCH answers ESEARCH")
    m.logout()


def concurrent():
    """Two sessions on one mailbox: one expunges while the other stores; the second learns of it at NOOP."""
    tag = uuid.uuid4().hex[:8]
    for i in range(3):
        send("conc %s %d" % (tag, i))
    a = connect()
    b = connect()
    wait_for(a, "INBOX", ["SUBJECT", tag], 3)
    b.select("INBOX")
    ids = a.search(None, "SUBJECT", tag)[1][0].split()
    first_uid = a.fetch(ids[0], "(UID)")[1][0]
    a.store(ids[0], "+FLAGS", "(\\Deleted)")
    results = {}

    def expunge():
        results["expunge"] = a.expunge()

    def store():
        results["store"] = b.store(b",".join(ids).decode(), "+FLAGS", "(\\Flagged)")

    t1 = threading.Thread(target=expunge)
    t2 = threading.Thread(target=store)
    t1.start(); t2.start(); t1.join(30); t2.join(30)
    check(results["expunge"][0] == "OK" and results["store"][0] == "OK", "EXPUNGE and STORE at once both succeed")
    typ, _ = b.noop()
    check(b.untagged_responses.get("EXPUNGE") == [ids[0]], "the other session learns of the EXPUNGE at NOOP")
    b.untagged_responses.clear()
    typ, data = b.search(None, "SUBJECT", tag)
    check(len(data[0].split()) == 2, "its view now has the two remaining messages")
    typ, data = b.fetch("1:*", "(FLAGS)")
    typ, data = a.noop()
    flagged = a.search(None, "FLAGGED", "SUBJECT", tag)[1][0].split()
    check(len(flagged) == 2, "the first session sees the other's \\Flagged on the survivors")
    # STORE on a message expunged by the other session: OK, no FETCH for it (RFC 9051 section 7.4.1)
    a.store(flagged[0].decode(), "+FLAGS", "(\\Deleted)")
    b_id = b.search(None, "SUBJECT", tag)[1][0].split()[0]
    a.expunge()
    typ, data = b.store(b_id.decode(), "+FLAGS", "(\\Answered)")
    check(typ == "OK", "STORE on a message expunged meanwhile is not an error")
    b.noop()
    check(b.untagged_responses.get("EXPUNGE"), "and the EXPUNGE arrives at the next NOOP")
    a.logout(); b.logout()


def hostile():
    """Bad input over a real TLS connection gets BAD (or BYE) and the session goes on; never a hang or a crash."""
    ctx = tls_context()
    raw = ctx.wrap_socket(socket.create_connection(("127.0.0.1", IMAPS_PORT), timeout=30))
    f = raw.makefile("rb")

    def say(data):
        raw.sendall(data)

    def until(tag):
        while True:
            line = f.readline()
            if not line:
                return b""
            if line.startswith(tag + b" ") or line.startswith(b"* BYE"):
                return line

    check(f.readline().startswith(b"* OK"), "greeting")
    say(b"h1 NOOP " + b"x" * 200000 + b"\r\nh2 NOOP\r\n")
    check(until(b"h1").startswith(b"h1 BAD"), "a 200 kB line is BAD")
    check(until(b"h2").startswith(b"h2 OK"), "and the session goes on")
    say(b"h3 APPEND INBOX {999999999999}\r\n")
    check(until(b"h3").startswith(b"h3 BAD [TOOBIG]"), "a literal over the limit is refused without a continuation")
    say(b"h4 FETCH 1:* (BODY[" + b"1." * 100 + b"])\r\nh5 SEARCH " + b"(" * 500 + b"ALL" + b")" * 500 + b"\r\n")
    check(until(b"h4").startswith(b"h4 BAD"), "a nonsense section is BAD")
    check(until(b"h5").startswith(b"h5 BAD"), "search keys nested 500 deep are BAD")
    say(b"h6 LOGIN \"unterminated\r\nh7 \x00\xff\xfe garbage\r\nh8 CAPABILITY\r\n")
    check(until(b"h6").startswith(b"h6 BAD"), "an unterminated quoted string is BAD")
    check(until(b"h7").startswith(b"h7 BAD"), "binary garbage is BAD")
    check(until(b"h8").startswith(b"h8 OK"), "the session still answers")
    say(b"h9 LOGIN a {5+}\r\n" + b"x" * 100 + b"\r\n" + b"h10 APPEND INBOX {99999999999+}\r\n")
    line = until(b"h10")
    # RFC 7888 section 4: the tagged BAD [TOOBIG] first, then the connection closes (issue 14)
    check(line.startswith(b"h10 BAD [TOOBIG]"), "a non-synchronizing literal over the limit is BAD [TOOBIG]")
    check(until(b"h10").startswith(b"* BYE"), "and ends the session with BYE")
    raw.close()


def pop3_tls():
    """POP3 got STLS (RFC 2595) and implicit TLS on 995 in the same change: poplib over both."""
    import poplib
    pop3_port = int(os.environ["POP3_PORT"])
    p = poplib.POP3("127.0.0.1", pop3_port, timeout=30)
    check("STLS" in p.capa(), "CAPA offers STLS on the plain port")
    p.stls(tls_context())
    check("STLS" not in p.capa(), "and no longer after it")
    p.user(USER)
    p.pass_(PASSWORD)
    count, _ = p.stat()
    p.quit()
    s = poplib.POP3_SSL("127.0.0.1", int(os.environ["POP3S_PORT"]), context=tls_context(), timeout=30)
    s.user(USER)
    s.pass_(PASSWORD)
    check(s.stat()[0] == count, "POP3 over implicit TLS sees the same maildrop (%d messages)" % count)
    s.quit()


class RawIdle:
    """IDLE by hand (imaplib has no IDLE before Python 3.14): STARTTLS, LOGIN, SELECT INBOX, IDLE."""

    def __init__(self, port):
        self.m = connect(port)
        self.m.select("INBOX")
        self.m.send(b"i1 IDLE\r\n")
        line = self.m.readline()
        check(line.startswith(b"+"), "IDLE started on port %d" % port)

    def wait_exists(self, timeout):
        self.m.sock.settimeout(timeout)
        start = time.time()
        try:
            while True:
                line = self.m.readline()
                if re.match(rb"\* \d+ EXISTS", line):
                    return time.time() - start
        except (socket.timeout, TimeoutError, ssl.SSLError):
            return None

    def done(self):
        self.m.sock.settimeout(30)
        self.m.send(b"DONE\r\n")
        while True:
            line = self.m.readline()
            if line.startswith(b"i1 "):
                check(line.startswith(b"i1 OK"), "IDLE ended with OK")
                break
        self.m.logout()


def idle_cross():
    """A message arriving through replica A wakes an IDLE session on replica B (and SMTP mail wakes it too)."""
    other = int(os.environ["IMAP2_PORT"])
    idle = RawIdle(other)
    send("idle smtp " + uuid.uuid4().hex[:8])
    took = idle.wait_exists(30)
    check(took is not None, "SMTP delivery woke IDLE on the other replica after %.2fs (SMTP + queue + delivery)" % (took or -1))
    idle.done()
    worst = 0.0
    for i in range(3):
        idle = RawIdle(other)
        a = connect()
        t0 = time.time()
        a.append("INBOX", None, None, ("Subject: idle append %d\r\n\r\nx\r\n" % i).encode())
        took = idle.wait_exists(5)
        check(took is not None, "APPEND through replica A woke IDLE on replica B")
        worst = max(worst, time.time() - t0)
        idle.done()
        a.logout()
    check(worst < 1.0, "cross-replica wake-up within 1 s (worst %.3fs)" % worst)


def curl():
    """curl's IMAP client (imaps with -k: self-signed certificate) for LIST, FETCH and APPEND."""
    tag = uuid.uuid4().hex[:8]
    base = "imaps://127.0.0.1:%d/" % IMAPS_PORT
    auth = ["-k", "-s", "-S", "--user", "%s:%s" % (USER, PASSWORD)]
    out = subprocess.run(["curl"] + auth + [base], capture_output=True, text=True, timeout=60)
    check(out.returncode == 0 and '"INBOX"' in out.stdout and "\\Trash" in out.stdout, "curl LIST: %s" % out.stdout.strip().replace("\r\n", " | "))
    with tempfile.NamedTemporaryFile("wb", suffix=".eml", delete=False) as f:
        f.write(("From: curl@%s\r\nSubject: curl %s\r\n\r\nappended by curl\r\n" % (DOMAIN, tag)).encode())
    out = subprocess.run(["curl"] + auth + ["-T", f.name, base + "Archive"], capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, "curl APPEND to Archive: %s" % out.stderr)
    m = connect()
    uid = m.select("Archive") and m.uid("SEARCH", "SUBJECT", '"curl %s"' % tag)[1][0].split()[0].decode()
    m.logout()
    out = subprocess.run(["curl"] + auth + [base + "Archive;UID=" + uid], capture_output=True, text=True, timeout=60)
    check(out.returncode == 0 and "appended by curl" in out.stdout, "curl FETCH by UID returns the message")
    out = subprocess.run(["curl"] + auth + [base + "Archive;UID=" + uid + "/;SECTION=HEADER.FIELDS%20(SUBJECT)"],
                         capture_output=True, text=True, timeout=60)
    check(out.returncode == 0 and ("curl " + tag) in out.stdout, "curl FETCH of a section")


def run_mutt(rc, keys, **env):
    """mutt on a terminal (it needs one) with the rc file, typing keys; checks it quit cleanly; returns its output."""
    import pty
    env = dict(os.environ, TERM="xterm", LANG="C.UTF-8", **env)
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe("mutt", ["mutt", "-n", "-F", rc, "-e", "push '%s'" % keys], env)
    output = b""
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    check(os.WEXITSTATUS(status) == 0, "mutt ran and quit (exit %d)" % os.WEXITSTATUS(status))
    return output


def mutt():
    """mutt in batch mode (keys pushed, a pseudo-terminal for its screen): read, flag, move and delete mail."""
    tag = uuid.uuid4().hex[:8]
    # a folder of our own, so mutt's first message is ours whatever else INBOX holds
    box = "mutt-" + tag
    m = connect()
    m.create(box)
    for i in range(3):
        m.append(box, None, None, ("From: alice@outside.test\r\nSubject: mutt %s %d\r\nDate: Wed, 25 Nov 2026 08:0%d:00 +0000\r\n\r\nbody %d\r\n"
                                   % (tag, i, i, i)).encode())
    m.logout()
    home = tempfile.mkdtemp()
    cert = os.environ.get("TLS_CERT", "")
    rc = os.path.join(home, "muttrc")
    with open(rc, "w") as f:
        f.write("\n".join([
            'set folder="imaps://%s@127.0.0.1:%d/"' % (USER.replace("@", "%40"), IMAPS_PORT),
            'set imap_user="%s"' % USER, 'set imap_pass="%s"' % PASSWORD,
            'set spoolfile="=%s"' % box, 'set record=""', 'set postponed="=Drafts"',
            'set certificate_file="%s"' % cert, "set ssl_verify_host=no", "set ssl_verify_dates=no",
            "set sort=date-sent", "set delete=yes", "set confirmappend=no", "set confirmcreate=no", "set quit=yes",
            "set move=no", "set resolve=no", "set mark_old=no", "set pager_stop=yes", "set wait_key=no", "set beep=no",
            "set imap_check_subscribed=no", "set timeout=5", 'set header_cache=""', 'set message_cachedir=""', ""]))
    # message 0: read, then delete; message 1: read and flag; message 2: move to Archive
    keys = ("<first-entry><display-message><exit><next-entry><display-message><exit><flag-message><next-entry>"
            "<save-message>=Archive<enter><first-entry><delete-message><sync-mailbox><quit>")
    run_mutt(rc, keys, HOME=home)
    m = connect()
    m.select(box)
    typ, data = m.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    seen = {}
    for d in data:
        if isinstance(d, tuple):
            subj = re.search(rb"mutt \S+ (\d)", d[1]).group(1).decode()
            seen[subj] = d[0]
    check("0" not in seen, "mutt deleted message 0 (read first, then deleted and expunged)")
    check("2" not in seen, "mutt moved message 2 away")
    check("1" in seen and b"\\Flagged" in seen["1"] and b"\\Seen" in seen["1"], "mutt read and flagged message 1")
    m.select("Archive")
    check(m.search(None, "SUBJECT", '"mutt %s 2"' % tag)[1][0] != b"", "message 2 is in Archive")
    m.logout()


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
