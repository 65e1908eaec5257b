"""Milters through smtp-ingress with Python's smtplib: real rspamd rejects GTUBE and tags clean mail; a milter
that is down gives 451 4.7.1 and the retry passes once it is back. SMTP_PORT is the replica under test."""
import os
import re
import smtplib
import ssl
import subprocess
import sys
import uuid

import time

from mailtest import PASSWORD, SMTP_PORT, USER, api, check, find, message, pop, send, wait_for

GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"


def refused(msg):
    try:
        send(msg)
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as e:
        return e.smtp_code, e.smtp_error
    return None


def rspamd():
    r = refused(message("milter gtube", ["This is spam.", GTUBE]))
    check(r is not None and r[0] == 554 and b"5.7.1 Gtube pattern" in r[1], "GTUBE refused with rspamd's reply: %r" % (r,))
    send(message("milter clean", ["Hello,", "", "shall we meet for lunch on Friday at noon?", "", "Regards"]))
    _, _, raw = wait_for("milter clean")
    check(b"\r\nX-Spamd-Result: " in raw, "the clean message arrived with rspamd's X-Spamd-Result header")


def down():
    r = refused(message("milter retry", ["queued once the milter is back"]))
    check(r is not None and r[0] == 451 and b"4.7.1" in r[1],
          "a milter that is down at connect gives 451 4.7.1 (at MAIL, Postfix's milter_default_action): %r" % (r,))


def killed():
    """The milter dies in the middle of a session (the Java side cuts it when told), then comes back."""
    subject = "milter killed " + uuid.uuid4().hex
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=60) as s:
        s.ehlo("client.outside.test")
        check(s.mail("sender@outside.test")[0] == 250 and s.rcpt(USER)[0] == 250, "MAIL and RCPT pass the live milter")
        print("CUE KILL", flush=True)
        sys.stdin.readline()
        code, text = s.data(message(subject, ["the milter died under this one"]))
        check(code == 451 and b"4.7.1" in text, "the milter died mid-session: 451 4.7.1 at end of data: %r" % ((code, text),))
        print("CUE REVIVE", flush=True)
        sys.stdin.readline()
        s.rset()
        check(s.mail("sender@outside.test")[0] == 250 and s.rcpt(USER)[0] == 250,
              "the retry in the same session opens the milter conversation again")
        code, text = s.data(message(subject, ["the milter died under this one"]))
        check(code == 250, "the retry is accepted: %r" % ((code, text),))
    _, _, raw = wait_for(subject)
    check(b"X-Spamd-Result: " in raw, "the retry went through the milter and arrived")


def back():
    send(message("milter retry", ["queued once the milter is back"]))
    _, _, raw = wait_for("milter retry")
    check(b"X-Spamd-Result: " in raw, "the retry went through the milter and arrived")


def stages():
    """stage_milter.py answers each SMTP stage as it happens, not at end of message."""
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30, source_address=("127.0.0.66", 0)) as s:
        check(s.ehlo("client.outside.test")[0] == 250, "a client refused at connect still gets its EHLO answered")
        code, text = s.mail("sender@outside.test")
        check(code == 554 and b"Connection refused by stage milter" in text,
              "the connect-stage refusal is the reply to MAIL: %r" % ((code, text),))
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        code, text = s.ehlo("bad.helo.test")
        check(code == 550 and b"HELO refused by stage milter" in text, "HELO refused at HELO: %r" % ((code, text),))
        check(s.ehlo("client.outside.test")[0] == 250, "a second EHLO is accepted")
        code, text = s.mail("spammer@outside.test")
        check(code == 550 and b"Sender refused by stage milter" in text, "MAIL refused at MAIL: %r" % ((code, text),))
        check(s.mail("greylisted@outside.test")[0] == 250, "another MAIL in the same session is accepted")
        code, text = s.rcpt(USER)
        check(code == 451 and b"4.7.1 Greylisted by stage milter" in text, "RCPT tempfailed at RCPT: %r" % ((code, text),))
        s.rset()
        check(s.mail("sender@outside.test")[0] == 250, "MAIL after RSET")
        check(s.rcpt(USER)[0] == 250, "RCPT accepted")
        subject = "milter stages " + uuid.uuid4().hex
        code, text = s.data(message(subject, ["every stage was asked"]))
        check(code == 250, "message accepted: %r" % ((code, text),))
        queue_id = re.search(rb"queued as (\S+)", text).group(1).decode()
    _, _, raw = wait_for(subject)
    header = re.search(rb"X-Stage-Milter: ([^\r\n]*)", raw)
    check(header is not None, "the stage milter's header was added")
    seen = header.group(1).decode()
    check("client=127.0.0.1;" in seen and "helo=client.outside.test;" in seen, "connect and HELO macros: " + seen)
    check(("mail-i=%s;" % queue_id) in seen and ("eom-i=%s;" % queue_id) in seen,
          "the queue id macro i at MAIL and at end of message is the one in the 250 reply: " + seen)
    # libmilter calls abort() for a transaction the milter let begin; the MAILs it refused itself are over already.
    check("rcpts=1;" in seen and "aborts=1" in seen, "one recipient, and the RSET aborted the greylisted transaction: " + seen)


def discard():
    """SMFIR_DISCARD at MAIL, at RCPT and at end of message: the client gets 250 (it must not retry), nothing is queued or
    delivered, and the mail log says so in Postfix's words (smtpd.c / cleanup_milter.c: "milter-discard: <stage> from
    <client>: milter triggers DISCARD action; from=<> to=<> proto= helo=<>")."""
    queued = {}
    for stage, sender, subject in (("END-OF-MESSAGE", "sender@outside.test", "discard me " + uuid.uuid4().hex),
                                   ("MAIL", "blackhole@outside.test", "blackholed " + uuid.uuid4().hex),
                                   ("RCPT", "rcptdrop@outside.test", "blackholed at rcpt " + uuid.uuid4().hex)):
        with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
            s.ehlo("client.outside.test")
            check(s.mail(sender)[0] == 250, "MAIL of a message the milter discards at %s is 250" % stage)
            check(s.rcpt(USER)[0] == 250, "RCPT too")
            code, text = s.data(message(subject, ["gone"]))
        check(code == 250, "a discarded message is answered 250 at %s: %r" % (stage, (code, text)))
        queued[stage] = (re.search(rb"queued as (\S+)", text).group(1).decode(), sender, subject)
    for stage, (queue_id, sender, subject) in queued.items():
        pattern = r"postfix/%s\[\d+\]: %s: milter-discard: %s from \S+\[127\.0\.0\.1\]: milter triggers DISCARD action; from=<%s>%s proto=ESMTP helo=<client\.outside\.test>" % (
            "cleanup" if stage == "END-OF-MESSAGE" else "smtpd", re.escape(queue_id), stage, re.escape(sender),
            "" if stage == "MAIL" else " to=<%s>" % re.escape(USER))
        deadline = time.time() + 10
        lines = []
        while time.time() < deadline and not lines:
            with open(os.environ["MAILLOG"], encoding="utf-8", errors="replace") as f:
                lines = [l for l in f if re.search(pattern, l)]
            time.sleep(0.1)
        check(len(lines) == 1, "one milter-discard line for %s at %s: %r" % (queue_id, stage, lines))
        status, _, _ = api("GET", "/api/v1/queue/" + queue_id)
        check(status == 404, "%s was never queued: %s" % (queue_id, status))
        status, body, _ = api("GET", "/api/v1/log?queueId=" + queue_id)
        check(status == 200 and body["total"] == 0, "and has no delivery log line: %r" % (body,))


def quarantine():
    """A milter's SMFIR_QUARANTINE keeps the message held in delivery-service's queue until an operator releases it."""
    subject = "quarantine me " + uuid.uuid4().hex
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        s.mail("sender@outside.test")
        s.rcpt(USER)
        code, text = s.data(message(subject, ["hold this one"]))
    check(code == 250, "a quarantined message is accepted (250): %r" % ((code, text),))
    queue_id = re.search(rb"queued as (\S+)", text).group(1).decode()
    entry = None
    deadline = time.time() + 30
    while time.time() < deadline:
        status, entry, _ = api("GET", "/api/v1/queue/" + queue_id)
        if status == 200 and entry["recipients"]:
            break
        time.sleep(0.3)
    check(entry is not None and all(r["status"] == "hold" and "held by stage milter" in r["lastReply"]
                                    for r in entry["recipients"]),
          "the admin API lists it on hold with the milter's reason: %r" % (entry,))
    p = pop()
    try:
        check(find(p, subject) is None, "a held message is not delivered")
    finally:
        p.quit()
    status, body, _ = api("POST", "/api/v1/queue/%s/release" % queue_id)
    check(status == 200 and body["affected"] == 1, "the operator releases it: %r" % ((status, body),))
    wait_for(subject)
    print("ok - after release it is delivered")


def dkim_verifies(raw):
    r = subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "dkim_verify.py")], input=raw,
                       capture_output=True)
    return r.returncode == 0


def opendkim():
    """Real OpenDKIM in signing mode on the submission listener only (smtpd.submission-milters)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's self-signed certificate
    subject = "dkim " + uuid.uuid4().hex
    msg = ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@e2e.test>\r\n"
           "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nsigned on the way out\r\n"
           % (USER, USER, subject, uuid.uuid4())).encode("ascii")
    with smtplib.SMTP("127.0.0.1", int(os.environ["SUBMISSION_PORT"]), timeout=30) as s:
        s.starttls(context=ctx)
        s.login(USER, PASSWORD)
        s.sendmail(USER, [USER], msg)
    _, _, raw = wait_for(subject)
    check(re.search(rb"\r\nDKIM-Signature: [^\r\n]*d=" + USER.split("@")[1].encode(), b"\r\n" + raw) is not None,
          "opendkim signed the submitted message for the user's domain")
    check(dkim_verifies(raw), "the signature verifies (dkimpy) against the key opendkim-genkey published")
    check(not dkim_verifies(raw.replace(b"signed on the way out", b"changed on the way")),
          "a changed body does not verify")
    unsigned = "unsigned " + uuid.uuid4().hex
    send(message(unsigned, ["over port 25"]))
    _, _, plain = wait_for(unsigned)
    check(b"DKIM-Signature:" not in plain, "mail from port 25 went through the MTA listener's milters only, unsigned")


{"rspamd": rspamd, "down": down, "back": back, "stages": stages, "opendkim": opendkim, "killed": killed,
 "quarantine": quarantine, "discard": discard}[sys.argv[1]]()
