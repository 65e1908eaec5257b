"""Milters through smtp-ingress with Python's smtplib: real rspamd rejects GTUBE and tags clean mail; a milter
that is down gives 451 4.7.1 and the retry passes once it is back. SMTP_PORT is the replica under test."""
import smtplib
import sys

from mailtest import check, message, send, wait_for

GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"


def refused(msg):
    try:
        send(msg)
    except smtplib.SMTPDataError as e:
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
    check(r is not None and r[0] == 451 and b"4.7.1" in r[1], "a milter that is down gives 451 4.7.1: %r" % (r,))


def back():
    send(message("milter retry", ["queued once the milter is back"]))
    _, _, raw = wait_for("milter retry")
    check(b"X-Spamd-Result: " in raw, "the retry went through the milter and arrived")


{"rspamd": rspamd, "down": down, "back": back}[sys.argv[1]]()
