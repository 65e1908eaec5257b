"""SEARCH BODY / TEXT over decoded text (issue 14), with Python's imaplib against the running platform.

Mail enters through SMTP (smtplib) with its text where a raw-byte scan cannot see it: base64 and quoted-printable
ISO-8859-1 bodies, HTML, an attachment's file name. Every message carries a random tag so the scenario only sees
what it sent (the e2e account is shared with other scenarios). ImapSearchE2ETest runs it.
"""
import base64
import imaplib
import os
import smtplib
import ssl
import sys
import time
import uuid
import imap_e2e
from imap_e2e import check

SMTP_PORT = int(os.environ["SMTP_PORT"])
IMAPS_PORT = int(os.environ["IMAPS_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]


def connect():
    """Implicit TLS on IMAPS_PORT."""
    return imap_e2e.connect(starttls=False)

def send(subject, mime_headers, body):
    msg = ("From: Alice Example <alice@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n"
           "Date: Wed, 25 Nov 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\n%s\r\n%s") % (USER, subject, uuid.uuid4(), mime_headers, body)
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.sendmail("alice@outside.test", [USER], msg.encode("latin-1"))


def quoted(arg):
    """imaplib sends arguments as they are: a string with a space must be an IMAP quoted string."""
    return '"%s"' % arg if " " in arg else arg


def uid_search(m, *criteria, charset=None):
    typ, data = m.uid("SEARCH", *(("CHARSET", charset) if charset else ()), *map(quoted, criteria))
    check(typ == "OK", "UID SEARCH %s answers OK" % (criteria,))
    return set(data[0].split())


def wait_for_subject(m, tag, n, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        m.select("INBOX")
        hits = uid_search(m, "SUBJECT", tag)
        if len(hits) >= n:
            return hits
        time.sleep(0.3)
    raise AssertionError("only %d of %d messages tagged %s arrived" % (len(hits), n, tag))


def decoded():
    tag = uuid.uuid4().hex[:10]
    word = "zeppelin" + tag
    encoded = base64.encodebytes(("Meet me at the %s hangar.\r\n" % word).encode()).decode()
    send("b64 " + tag, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
         encoded.replace("\n", "\r\n"))
    send("qp " + tag, "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n",
         "Gr=FC=DFe aus K=F6ln, %s\r\n" % tag)
    send("html " + tag, "Content-Type: multipart/mixed; boundary=\"XX\"\r\n",
         "--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Invoice&nbsp;<b>%s</b> paid</p>\r\n"
         "--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"report-%s.pdf\"\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n" % (tag, tag))
    m = connect()
    try:
        uids = wait_for_subject(m, tag, 3)
        b64 = uid_search(m, "SUBJECT", "b64 " + tag)
        qp = uid_search(m, "SUBJECT", "qp " + tag)
        html = uid_search(m, "SUBJECT", "html " + tag)
        check(len(b64) == 1 and len(qp) == 1 and len(html) == 1, "three tagged messages delivered through SMTP")

        check(uid_search(m, "BODY", word) == b64, "SEARCH BODY finds a word of a base64 text/plain body")
        check(uid_search(m, "BODY", word.upper()) == b64, "case-insensitively (RFC 9051 6.4.4)")
        check(uid_search(m, "TEXT", word) == b64, "SEARCH TEXT finds it too")
        check(uid_search(m, "BODY", encoded[:16]) == set(), "the base64 form itself is not body text")
        m.literal = ("grüße aus köln, " + tag).encode("utf-8")
        check(uid_search(m, "BODY", charset="UTF-8") == qp, "SEARCH CHARSET UTF-8 BODY finds quoted-printable ISO-8859-1 text")
        check(uid_search(m, "BODY", "invoice " + tag) == html, "HTML is searched as its text (&nbsp; and tags gone)")
        check(uid_search(m, "BODY", "report-" + tag) == html, "an attachment's file name is found")
        check(uid_search(m, "BODY", "b64 " + tag) == set(), "BODY does not search the header")
        check(uid_search(m, "TEXT", "b64 " + tag) == b64, "TEXT searches header and body")
        check(uid_search(m, "NOT", "BODY", word, "SUBJECT", tag) == uids - b64, "NOT BODY combines with the other keys")
    finally:
        m.logout()


if __name__ == "__main__":
    {"decoded": decoded}[sys.argv[1]]()
