"""Internationalized mail (RFC 6531/6532/6533) end to end, for Smtputf8E2ETest, with clients nobody here wrote:
Python's smtplib (SMTPUTF8 via mail_options; swaks has no SMTPUTF8 option) and imaplib.

An account with a UTF-8 local part in a U-label domain and an alias with a UTF-8 local part are made through
the admin API; mail to both (given with SMTPUTF8, in NFD and A-label spellings too) must arrive in the account's
INBOX, and a bounce for mail it sent must come back to it as an RFC 6533 report.

  smtputf8_e2e.py inbox | dsn
"""
import base64
import imaplib
import os
import smtplib
import ssl
import sys
import time
import uuid

from mailtest import api, check

SMTP_PORT = int(os.environ["SMTP_PORT"])
IMAPS_PORT = int(os.environ["IMAPS_PORT"])
DOMAIN = os.environ["MAIL_USER"].split("@")[1]
PASSWORD = "pw-" + uuid.uuid4().hex
TAG = uuid.uuid4().hex[:8]
UDOMAIN = "b\u00fccher-%s.test" % TAG
ADOMAIN = UDOMAIN.encode("idna").decode("ascii")
ACCOUNT = "j\u00fcrgen-%s@%s" % (TAG, UDOMAIN)


def provision():
    status, body, _ = api("POST", "/api/v1/domains", {"name": UDOMAIN.upper()})
    check(status == 201 and body["name"] == ADOMAIN, "a U-label domain is created and kept as its A-label: %s %s" % (status, body))
    status, body, _ = api("POST", "/api/v1/accounts", {"address": ACCOUNT, "password": PASSWORD})
    check(status == 201, "an account with a UTF-8 local part: %s %s" % (status, body))
    alias = "\u00fc-%s@%s" % (TAG, DOMAIN)
    status, body, _ = api("POST", "/api/v1/aliases", {"address": alias, "targets": [ACCOUNT]})
    check(status == 201, "an alias with a UTF-8 local part: %s %s" % (status, body))
    return alias


def message(sender, to, subject):
    return ("From: J\u00fcrgen <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            "Gr\u00fc\u00dfe\r\n" % (sender, to, subject, uuid.uuid4())).encode("utf-8")


def imap():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's self-signed certificate
    m = imaplib.IMAP4_SSL("127.0.0.1", IMAPS_PORT, ssl_context=ctx, timeout=30)
    # SASL PLAIN carries the UTF-8 user name in base64, so no IMAP quoting rule is in the way (RFC 4616).
    m.authenticate("PLAIN", lambda _: b"\0" + ACCOUNT.encode("utf-8") + b"\0" + PASSWORD.encode("utf-8"))
    return m


def wait_for(m, criteria, n=1, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        m.select("INBOX")
        typ, data = m.search(None, *criteria)
        hits = data[0].split()
        if len(hits) >= n:
            return hits
        time.sleep(0.3)
    raise AssertionError("fewer than %d messages matching %s after %ss" % (n, criteria, timeout))


def inbox():
    alias = provision()
    subject = "utf8-" + TAG
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        check(s.has_extn("smtputf8"), "SMTPUTF8 is advertised")
        # RFC 6531 section 3.5: without SMTPUTF8 on MAIL FROM a UTF-8 recipient is 553 5.6.7.
        code, _ = s.mail("sender@outside.test")
        s.command_encoding = "utf-8"  # a client that forgot SMTPUTF8 (smtplib itself would refuse to send this)
        code, text = s.rcpt(ACCOUNT)
        check(code == 553 and b"5.6.7" in text, "UTF-8 RCPT without SMTPUTF8: %s %s" % (code, text))
        s.rset()
        # The account three ways (as written, NFD + upper case + A-label, through the UTF-8 alias): one mailbox.
        nfd = "JU\u0308RGEN-%s@%s" % (TAG, ADOMAIN)
        refused = s.sendmail("sender@outside.test", [ACCOUNT, nfd, alias], message("sender@outside.test", ACCOUNT, subject),
                             mail_options=["SMTPUTF8", "BODY=8BITMIME"])
        check(refused == {}, "all three spellings accepted with SMTPUTF8: %s" % refused)
    m = imap()
    hits = wait_for(m, ["SUBJECT", subject])
    check(len(hits) == 1, "stored once in the UTF-8 account's INBOX (the three spellings are one recipient): %s" % hits)
    typ, data = m.fetch(hits[0], "(BODY.PEEK[])")
    raw = data[0][1]
    check(("Gr\u00fc\u00dfe").encode("utf-8") in raw, "the 8-bit UTF-8 body arrived as sent")
    m.logout()


def dsn():
    provision()
    subject = "utf8-bounce-" + TAG
    # An alias whose target does not exist: accepted at RCPT, bounced by delivery-service, so a DSN is made.
    dead = "tot-\u00e4-%s@%s" % (TAG, DOMAIN)
    status, body, _ = api("POST", "/api/v1/aliases", {"address": dead, "targets": ["nobody-%s@%s" % (TAG, DOMAIN)]})
    check(status == 201, "an alias to nobody: %s %s" % (status, body))
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        refused = s.sendmail(ACCOUNT, [dead], message(ACCOUNT, dead, subject), mail_options=["SMTPUTF8", "BODY=8BITMIME"])
        check(refused == {}, "accepted from the UTF-8 sender: %s" % refused)
    m = imap()
    # The account is new: every message in its INBOX is looked at (no SEARCH, to depend on nothing but FETCH).
    found = None
    deadline = time.time() + 60
    while found is None and time.time() < deadline:
        m.select("INBOX")
        typ, data = m.search(None, "ALL")
        for h in data[0].split():
            typ, msg = m.fetch(h, "(BODY.PEEK[])")
            if subject.encode() in msg[0][1] and b"multipart/report" in msg[0][1]:
                found = msg[0][1]
        if found is None:
            time.sleep(0.3)
    check(found is not None, "the DSN reached the UTF-8 sender's INBOX")
    text = found.decode("utf-8")
    check("report-type=global-delivery-status" in text, "an RFC 6533 report")
    check("Content-Type: message/global-delivery-status" in text, "with a message/global-delivery-status part")
    check(("To: <%s>" % ACCOUNT) in text, "addressed to the sender as written")
    check("Status: 5.1.1" in text, "the recipient failed with 5.1.1")
    m.logout()


if __name__ == "__main__":
    {"inbox": inbox, "dsn": dsn}[sys.argv[1]]()
