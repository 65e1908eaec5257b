"""Milters through smtp-ingress with Python's smtplib: real rspamd rejects GTUBE and tags clean mail; a milter
that is down gives 451 4.7.1 and the retry passes once it is back. SMTP_PORT is the replica under test."""
import re
import smtplib
import sys

from mailtest import SMTP_PORT, USER, check, message, send, wait_for

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
        code, text = s.data(message("milter stages", ["every stage was asked"]))
        check(code == 250, "message accepted: %r" % ((code, text),))
        queue_id = re.search(rb"queued as (\S+)", text).group(1).decode()
    _, _, raw = wait_for("milter stages")
    header = re.search(rb"X-Stage-Milter: ([^\r\n]*)", raw)
    check(header is not None, "the stage milter's header was added")
    seen = header.group(1).decode()
    check("client=127.0.0.1;" in seen and "helo=client.outside.test;" in seen, "connect and HELO macros: " + seen)
    check(("mail-i=%s;" % queue_id) in seen and ("eom-i=%s;" % queue_id) in seen,
          "the queue id macro i at MAIL and at end of message is the one in the 250 reply: " + seen)
    # libmilter calls abort() for a transaction the milter let begin; the MAILs it refused itself are over already.
    check("rcpts=1;" in seen and "aborts=1" in seen, "one recipient, and the RSET aborted the greylisted transaction: " + seen)


{"rspamd": rspamd, "down": down, "back": back, "stages": stages}[sys.argv[1]]()
