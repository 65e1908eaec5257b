"""smtp-ingress security scenarios with clients we did not write: smtplib, swaks, openssl s_client.

Run by SmtpSecurityE2ETest with the ports of the stack and of two extra replicas in the environment.
"""
import base64
import os
import smtplib
import socket
import ssl
import subprocess
import sys
import time
import uuid

from mailtest import USER, PASSWORD, DOMAIN, SMTP_PORT, check, message, raw, retried, wait_for, strip_received

SUBMISSION = int(os.environ["SUBMISSION_PORT"])
SUBMISSIONS = int(os.environ["SUBMISSIONS_PORT"])
TRUSTED = int(os.environ["TRUSTED_PORT"])
STRICT = int(os.environ["STRICT_PORT"])
CERT = os.environ["TLS_CERT"]


def tls_context():
    ctx = ssl.create_default_context(cafile=CERT)
    ctx.check_hostname = False  # the local stack's certificate names localhost; we connect to 127.0.0.1 too
    return ctx


def connect_when_slot_free(port):
    """smtplib.SMTP once the per-client connection limit has room again (421 4.7.0 greetings are retried; each
    refused connect still counts against the rate limit of 60 a minute, hence the pause)."""
    return retried(lambda: smtplib.SMTP("127.0.0.1", port, timeout=30),
                   lambda e: isinstance(e, smtplib.SMTPConnectError) and e.smtp_code == 421, pause=0.5)


def expect_code(resp, code, what):
    check(resp[0] == code, "%s -> %d (%s)" % (what, resp[0], resp[1].decode(errors="replace")[:80]))


def scenario_submission():
    s = smtplib.SMTP("127.0.0.1", SUBMISSION, timeout=30)
    s.ehlo("client.test")
    check(s.has_extn("starttls"), "587 offers STARTTLS")
    check(not s.has_extn("auth"), "587 does not offer AUTH before TLS")
    expect_code(s.docmd("MAIL", "FROM:<%s>" % USER), 530, "MAIL before AUTH on submission")
    expect_code(s.docmd("AUTH", "PLAIN " + base64.b64encode(("\0%s\0%s" % (USER, PASSWORD)).encode()).decode()), 538,
                "AUTH before TLS")
    s.starttls(context=tls_context())
    s.ehlo("client.test")
    check(s.has_extn("auth") and "PLAIN" in s.esmtp_features["auth"], "AUTH PLAIN offered after STARTTLS")
    check(not s.has_extn("starttls"), "STARTTLS is not offered twice")
    try:
        s.login(USER, "wrong-password")
        raise AssertionError("wrong password accepted")
    except smtplib.SMTPAuthenticationError as e:
        check(e.smtp_code == 535, "wrong password -> 535 5.7.8")
    s.login(USER, PASSWORD)
    print("ok - right password -> 235")
    expect_code(s.docmd("MAIL", "FROM:<someone-else@%s>" % DOMAIN), 553, "MAIL FROM an address the user does not own")
    expect_code(s.docmd("MAIL", "FROM:<%s>" % USER), 250, "MAIL FROM the user's own address")
    expect_code(s.docmd("RCPT", "TO:<friend@remote.example>"), 250, "authenticated user may relay")
    s.rset()
    subject = "submission " + uuid.uuid4().hex
    s.sendmail(USER, [USER], message(subject, ["sent over submission"]))
    s.quit()
    num, uid, raw = wait_for(subject)
    head = raw.split(b"\r\n\r\n")[0]
    check(b"(Authenticated sender: %s)" % USER.encode() in head, "Received names the authenticated sender")
    check(b"with ESMTPSA id" in head, "Received says ESMTPSA (RFC 3848)")
    check(b"(using TLSv1." in head, "Received records the TLS version and cipher")


def scenario_submissions_and_swaks():
    s = smtplib.SMTP_SSL("127.0.0.1", SUBMISSIONS, timeout=30, context=tls_context())
    s.ehlo("client.test")
    check(s.sock.version() in ("TLSv1.2", "TLSv1.3"), "465 speaks TLS from the first byte (%s)" % s.sock.version())
    check(not s.has_extn("starttls"), "465 does not offer STARTTLS")
    s.login(USER, PASSWORD)
    subject = "submissions " + uuid.uuid4().hex
    s.sendmail(USER, [USER], message(subject, ["over 465"]))
    s.quit()
    wait_for(subject)
    print("ok - message sent over 465 arrived")

    subject = "swaks-tls " + uuid.uuid4().hex
    swaks(["--server", "127.0.0.1:%d" % SUBMISSION, "--tls", "--auth", "PLAIN", "--auth-user", USER,
           "--auth-password", PASSWORD, "--from", USER, "--to", USER, "--header", "Subject: " + subject])
    wait_for(subject)
    print("ok - swaks --tls --auth on 587 delivered")
    subject = "swaks-tlsc " + uuid.uuid4().hex
    swaks(["--server", "127.0.0.1:%d" % SUBMISSIONS, "--tlsc", "--auth", "LOGIN", "--auth-user", USER,
           "--auth-password", PASSWORD, "--from", USER, "--to", USER, "--header", "Subject: " + subject])
    wait_for(subject)
    print("ok - swaks --tlsc --auth LOGIN on 465 delivered")
    subject = "swaks-pipe " + uuid.uuid4().hex
    swaks(["--server", "127.0.0.1:%d" % SMTP_PORT, "--pipeline", "--from", "someone@outside.test", "--to", USER,
           "--header", "Subject: " + subject])
    wait_for(subject)
    print("ok - swaks --pipeline on 25 delivered")
    out = swaks(["--server", "127.0.0.1:%d" % SMTP_PORT, "--from", "someone@outside.test", "--to", "victim@remote.example"],
                expect_rc=24)
    check("554 5.7.1" in out, "swaks sees the relay refusal")


def swaks(args, expect_rc=0):
    p = subprocess.run(["swaks", "--timeout", "30"] + args, capture_output=True, text=True, timeout=120)
    out = p.stdout + p.stderr
    if p.returncode != expect_rc:
        print(out)
        raise AssertionError("swaks %s exited %d, expected %d" % (" ".join(args[:4]), p.returncode, expect_rc))
    return out


def scenario_starttls():
    p = subprocess.run(["openssl", "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:%d" % SMTP_PORT,
                        "-CAfile", CERT, "-brief"], input="QUIT\n", capture_output=True, text=True, timeout=60)
    out = p.stdout + p.stderr
    check("Protocol version: TLSv1.3" in out or "Protocol version: TLSv1.2" in out,
          "openssl s_client -starttls smtp negotiates TLS 1.2+")
    check("Verification: OK" in out, "the certificate verifies against the stack's CA file")
    p = subprocess.run(["openssl", "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:%d" % SMTP_PORT, "-tls1_1"],
                       input="QUIT\n", capture_output=True, text=True, timeout=60)
    check("Protocol version: TLSv1.1" not in (p.stdout + p.stderr) and p.returncode != 0, "TLS 1.1 is refused")

    # RFC 3207 section 5: commands pipelined behind STARTTLS in the same packet are discarded.
    sock = socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=10)
    f = sock.makefile("rb")
    f.readline()
    sock.sendall(b"EHLO x.test\r\n")
    while not f.readline().startswith(b"250 "):
        pass
    sock.sendall(b"STARTTLS\r\nMAIL FROM:<injected@outside.test>\r\n")
    check(f.readline().startswith(b"220 2.0.0"), "STARTTLS -> 220")
    tls = tls_context().wrap_socket(sock, server_hostname="localhost")
    tls.settimeout(2)
    try:
        data = tls.recv(1024)
        raise AssertionError("the injected command was answered: %r" % data)
    except socket.timeout:
        print("ok - the command injected behind STARTTLS got no answer")
    tls.sendall(b"MAIL FROM:<a@outside.test>\r\n")
    check(tls.recv(1024).startswith(b"503"), "after STARTTLS the session is reset: MAIL needs EHLO again")
    tls.sendall(b"EHLO x.test\r\n")
    reply = b""
    while not reply.endswith(b"\r\n") or b"250 " not in reply:
        reply += tls.recv(4096)
    check(b"STARTTLS" not in reply, "no second STARTTLS offered")
    tls.sendall(b"QUIT\r\n")
    tls.close()


RELAY_CASES = [
    # (rcpt path as sent, expected code unauthenticated, expected code when trusted/authenticated)
    ("<%s>" % USER, 250, 250),
    ("<%s>" % USER.upper(), 250, 250),
    ("<nobody-x@%s>" % DOMAIN, 550, 550),
    ("<victim@remote.example>", 554, 250),
    ("<Victim@Remote.EXAMPLE>", 554, 250),
    ("<victim%%remote.example@%s>" % DOMAIN, 550, 550),
    ("<VICTIM%%REMOTE.EXAMPLE@%s>" % DOMAIN.upper(), 550, 550),
    ("<remote.example!victim@%s>" % DOMAIN, 550, 550),
    ("<\"victim@remote.example\"@%s>" % DOMAIN, 550, 550),
    ("<\"victim%%remote.example\"@%s>" % DOMAIN, 550, 550),
    ("<@%s:victim@remote.example>" % DOMAIN, 554, 250),
    ("<@%s,@other.test:victim@remote.example>" % DOMAIN, 554, 250),
    ("<@remote.example:%s>" % USER, 250, 250),
    ("<victim@remote.example.>", 501, 501),
    ("<%s.>" % USER, 501, 501),
    ("<victim@[127.0.0.1]>", 554, 250),
    ("<victim@[192.0.2.1]>", 554, 250),
    ("<victim@[IPv6:::1]>", 554, 250),
    ("<victim@sub.%s>" % DOMAIN, 554, 250),
    ("<victim@%s.remote.example>" % DOMAIN, 554, 250),
    ("<e2e%%%s@remote.example>" % DOMAIN, 554, 250),
    ("<victim>", 501, 501),
    ("<>", 501, 501),
    ("<victim@remote.example@%s>" % DOMAIN, 501, 501),
    ("<victim\\@remote.example@%s>" % DOMAIN, 501, 501),
    ("<v\u00efctim@remote.example>", 553, 553),  # RFC 6531 section 3.5: 553 5.6.7 without SMTPUTF8
    ("victim@remote.example", 501, 501),
    ("<victim@remote.example> XFORWARD=1", 555, 555),
    ("<victim@-remote.example>", 501, 501),
    ("<victim@remote..example>", 501, 501),
    ("<victim@remote.example", 501, 501),
]


def rcpt_code(port, rcpt, login=False, tls=False):
    s = smtplib.SMTP("127.0.0.1", port, timeout=30)
    s.command_encoding = "utf-8"  # to send the non-ASCII case as it is
    try:
        s.ehlo("matrix.test")
        if tls:
            s.starttls(context=tls_context())
            s.ehlo("matrix.test")
        if login:
            s.login(USER, PASSWORD)
        mail = s.docmd("MAIL", "FROM:<%s>" % (USER if login else "probe@outside.test"))
        if mail[0] != 250:
            return mail[0]
        return s.docmd("RCPT", "TO:" + rcpt)[0]
    finally:
        s.close()


def scenario_relay_matrix():
    cases = 0
    for rcpt, unauth, allowed in RELAY_CASES:
        code = rcpt_code(SMTP_PORT, rcpt)
        check(code == unauth, "port 25, unauthenticated, untrusted: RCPT TO:%s -> %d" % (rcpt, code))
        code = rcpt_code(TRUSTED, rcpt)
        check(code == allowed, "port 25, client in mynetworks: RCPT TO:%s -> %d" % (rcpt, code))
        code = rcpt_code(SUBMISSION, rcpt, login=True, tls=True)
        check(code == allowed, "port 587, authenticated: RCPT TO:%s -> %d" % (rcpt, code))
        code = rcpt_code(SUBMISSION, rcpt, tls=True)
        check(code == 530, "port 587, not authenticated: MAIL refused before RCPT %s -> %d" % (rcpt, code))
        cases += 4
    check(cases >= 30, "%d relay cases checked; none relayed without permission" % cases)


def scenario_extensions():
    subject = "bdat " + uuid.uuid4().hex
    body = message(subject, [".no dot-stuffing in BDAT", "line two"])
    half = len(body) // 2
    head = ("EHLO x.test\r\nMAIL FROM:<a@outside.test> BODY=8BITMIME\r\nRCPT TO:<%s>\r\n" % USER).encode()
    payload = head + b"BDAT %d\r\n" % half + body[:half] + b"BDAT %d LAST\r\n" % (len(body) - half) + body[half:] + b"QUIT\r\n"
    out = raw(SMTP_PORT, payload)
    check(b"250 2.0.0 Ok: %d octets received" % half in out, "first BDAT chunk acknowledged")
    check(b"250 2.0.0 Ok: queued as" in out, "BDAT LAST queued the message")
    num, uid, got = wait_for(subject)
    check(strip_received(got) == body, "BDAT content arrives byte for byte")

    out = raw(SMTP_PORT, b"EHLO x.test\r\nBDAT 5 LAST\r\nhello" + b"NOOP\r\nQUIT\r\n")
    check(b"503 5.5.1" in out and b"250 2.0.0 Ok\r\n" in out, "BDAT without MAIL: chunk read, 503, session goes on")
    bad = ("EHLO x.test\r\nMAIL FROM:<a@outside.test>\r\nRCPT TO:<%s>\r\n" % USER).encode() + b"BDAT 8 LAST\r\nab\ncd\r\n\r\nQUIT\r\n"
    check(b"554 5.6.0" in raw(SMTP_PORT, bad), "bare LF in BDAT content is refused")

    out = raw(SMTP_PORT, ("EHLO x.test\r\nMAIL FROM:<a@outside.test> RET=HDRS ENVID=abc+2Bdef\r\n"
                          "RCPT TO:<%s> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;%s\r\n"
                          "RCPT TO:<%s> NOTIFY=NEVER,SUCCESS\r\nRSET\r\n"
                          "MAIL FROM:<a@outside.test> RET=ALL\r\nQUIT\r\n" % (USER, USER, USER)).encode())
    check(out.count(b"250 2.1.0 Ok") == 1 and b"250 2.1.5 Ok" in out, "DSN parameters RET, ENVID, NOTIFY, ORCPT accepted")
    check(out.count(b"501 5.5.4") == 2, "NOTIFY=NEVER,SUCCESS and RET=ALL refused")

    s = smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30)
    s.command_encoding = "utf-8"
    s.ehlo("x.test")
    check(s.has_extn("smtputf8") and s.has_extn("chunking") and s.has_extn("dsn") and s.has_extn("enhancedstatuscodes"),
          "EHLO advertises SMTPUTF8, CHUNKING, DSN, ENHANCEDSTATUSCODES")
    expect_code(s.docmd("MAIL", "FROM:<j\u00f6rg@b\u00fccher.example>"), 553, "UTF-8 sender without SMTPUTF8 (RFC 6531 3.5)")
    expect_code(s.docmd("MAIL", "FROM:<j\u00f6rg@b\u00fccher.example> SMTPUTF8"), 250, "UTF-8 sender with SMTPUTF8")
    subject = "utf8 " + uuid.uuid4().hex
    expect_code(s.docmd("RCPT", "TO:<%s>" % USER), 250, "RCPT in a SMTPUTF8 transaction")
    expect_code(s.docmd("DATA"), 354, "DATA")
    s.send(("Subject: %s\r\n\r\nGr\u00fc\u00dfe\r\n.\r\n" % subject).encode("utf-8"))
    expect_code(s.getreply(), 250, "UTF-8 message queued")
    s.quit()
    num, uid, got = wait_for(subject)
    check("Gr\u00fc\u00dfe".encode() in got, "the UTF-8 body arrives intact")


def scenario_hostile():
    out = raw(SMTP_PORT, b"EHLO x.test\r\n" + b"NOOP\r\n" * 10000 + b"QUIT\r\n", wait=2)
    check(out.count(b"250 2.0.0 Ok\r\n") == 10000, "10,000 pipelined NOOPs get 10,000 replies in order")
    check(out.endswith(b"221 2.0.0 Bye\r\n"), "and QUIT is answered last")
    out = raw(SMTP_PORT, b"QUIT\r\nEHLO garbage\r\nMAIL FROM:<x@y>\r\n")
    check(out.startswith(b"221") and out.count(b"\r\n") == 1, "garbage after QUIT is never answered")
    out = raw(SMTP_PORT, b"EHLO x.test\r\n" + b"A" * 100000 + b"\r\nNOOP\r\nQUIT\r\n")
    check(b"500 5.5.2 Error: line too long" in out and b"250 2.0.0 Ok\r\n" in out, "a 100 kB line: 500, session survives")
    out = raw(SMTP_PORT, b"EHLO x.test\r\nMAIL FROM:<a@b.test>\x00\r\n\xff\xfe\r\nHELO\r\nMAIL FROM:<a@b.test> SIZE=abc\r\nQUIT\r\n")
    check(out.count(b"500 5.5.2") == 2 and b"501 5.5.4 Syntax: HELO" in out and b"501 5.5.4 Bad message size" in out,
          "NUL, binary, missing and bad arguments get 500/501")
    out = raw(SMTP_PORT, b"EHLO x.test\r\nAUTH PLAIN\r\n")
    check(b"538 5.7.11" in out, "AUTH before TLS on 25 is refused with 538")


def scenario_strict():
    # the content hook: header_checks REJECT and PREPEND, before the 250
    s = smtplib.SMTP("127.0.0.1", STRICT, timeout=30)
    try:
        s.sendmail("a@outside.test", [USER], message("this has a forbidden-word in it", ["x"]))
        raise AssertionError("header_checks REJECT did not reject")
    except smtplib.SMTPDataError as e:
        check(e.smtp_code == 550 and b"Subject not allowed here" in e.smtp_error, "header_checks REJECT -> 550 with its text")
    s.close()
    subject = "tagged " + uuid.uuid4().hex
    msg = ("X-Campaign: spring\r\nSubject: %s\r\n\r\nhi\r\n" % subject).encode()
    s = smtplib.SMTP("127.0.0.1", STRICT, timeout=30)
    s.sendmail("a@outside.test", [USER], msg)
    s.close()
    num, uid, got = wait_for(subject)
    check(b"\r\nX-Bulk-Mail: tagged\r\n" in got, "header_checks PREPEND added its header")

    # message_size_limit while streaming, without SIZE
    # (smtplib would declare SIZE and be refused at MAIL; leave it out so the limit must hold while streaming)
    s = smtplib.SMTP("127.0.0.1", STRICT, timeout=30)
    s.ehlo("x.test")
    expect_code(s.docmd("MAIL", "FROM:<a@outside.test> SIZE=999999"), 552, "MAIL with a declared SIZE over the limit")
    expect_code(s.mail("a@outside.test"), 250, "MAIL without SIZE")
    expect_code(s.rcpt(USER), 250, "RCPT")
    code, text = s.data(message("big", ["y" * 70] * 40))
    check(code == 552 and b"5.3.4" in text, "message over the size limit while streaming -> 552 5.3.4")
    s.close()

    # harvest: past the soft limit replies slow down, at the hard limit 421
    sock = socket.create_connection(("127.0.0.1", STRICT), timeout=30)
    f = sock.makefile("rb")
    f.readline()
    sock.sendall(b"EHLO x.test\r\n")
    while not f.readline().startswith(b"250 "):
        pass
    sock.sendall(b"MAIL FROM:<a@outside.test>\r\n")
    f.readline()
    times = []
    last = b""
    for i in range(6):
        t = time.time()
        sock.sendall(b"RCPT TO:<unknown-%d@%s>\r\n" % (i, DOMAIN.encode()))
        last = f.readline()
        times.append(time.time() - t)
        if last.startswith(b"550") and i == 4:
            last = f.readline()  # the hard limit's 421 follows the fifth error at once
        if last.startswith(b"421"):
            break
    check(last.startswith(b"421 4.7.0"), "after the hard error limit the server says 421 and hangs up")
    # errors 1-3 are answered at once; past the soft limit (2) every command first waits 700 ms
    check(min(times[3:]) >= 0.65 and max(times[:3]) < min(times[3:]), "replies slow down past the soft error limit (%s)"
          % ", ".join("%.2f" % t for t in times))
    sock.close()

    # slowloris: a line trickled byte by byte is cut off by smtpd_timeout (2 s here)
    sock = socket.create_connection(("127.0.0.1", STRICT), timeout=30)
    sock.recv(1024)
    t = time.time()
    got = b""
    try:
        for ch in b"EHLO slow.client.test":
            sock.sendall(bytes([ch]))
            time.sleep(0.5)
            sock.setblocking(False)
            try:
                got += sock.recv(1024)
            except BlockingIOError:
                pass
            sock.setblocking(True)
            if got:
                break
    except (BrokenPipeError, ConnectionResetError):
        pass
    check(b"421 4.4.2" in got and time.time() - t < 5, "a trickling client is cut off with 421 4.4.2")
    sock.close()

    # total session time limit (6 s here), even for a client that keeps talking
    sock = socket.create_connection(("127.0.0.1", STRICT), timeout=30)
    f = sock.makefile("rb")
    f.readline()
    t = time.time()
    last = b""
    while time.time() - t < 12:
        try:
            sock.sendall(b"NOOP\r\n")
        except (BrokenPipeError, ConnectionResetError):
            break
        last = f.readline()
        if not last or last.startswith(b"421"):
            break
        time.sleep(0.5)
    check(last.startswith(b"421 4.4.2") and time.time() - t < 9, "the session time limit ends a busy session")
    sock.close()

    # concurrent connections per client (limit 3)
    socks = [socket.create_connection(("127.0.0.1", STRICT), timeout=10) for _ in range(3)]
    greetings = [s.recv(1024) for s in socks]
    check(all(g.startswith(b"220") for g in greetings), "three connections are greeted")
    extra = socket.create_connection(("127.0.0.1", STRICT), timeout=10)
    check(extra.recv(1024).startswith(b"421 4.7.0"), "the fourth simultaneous connection gets 421 4.7.0")
    extra.close()
    for s in socks:
        s.close()

    # messages per minute per client (limit 3); the closed connections' slots are freed when the server sees them
    # close, a moment after the client closed them, so a 421 4.7.0 just then is waited out
    s = connect_when_slot_free(STRICT)
    s.ehlo("x.test")
    codes = []
    for i in range(4):
        codes.append(s.docmd("MAIL", "FROM:<a@outside.test>")[0])
        s.rset()
    s.close()
    # four MAILs were made on this replica above (reject, tagged, too big, harvest); the limit is 6 a minute
    # (the MAIL refused for its SIZE is not counted: it never started a transaction)
    check(codes == [250, 250, 450, 450], "MAIL over smtpd_client_message_rate_limit -> 450 4.7.1 (%s)" % codes)

    # AUTH failures per client (limit 3): then 421 before the password is even looked at
    s = smtplib.SMTP("127.0.0.1", STRICT, timeout=30)
    s.ehlo("x.test")
    s.starttls(context=tls_context())
    s.ehlo("x.test")
    fails = 0
    for i in range(3):
        guess = base64.b64encode(("\0%s\0guess-%d" % (USER, i)).encode()).decode()
        if s.docmd("AUTH", "PLAIN " + guess)[0] == 535:
            fails += 1
    check(fails == 3, "three wrong passwords refused with 535")
    code = s.docmd("AUTH", "PLAIN " + base64.b64encode(("\0%s\0%s" % (USER, PASSWORD)).encode()).decode())[0]
    check(code == 421, "after the AUTH failure limit even the right password gets 421")
    s.close()


if __name__ == "__main__":
    globals()["scenario_" + sys.argv[1]]()
