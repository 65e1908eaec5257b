"""SPF, DKIM, DMARC and DNSBL on smtp-ingress's MTA listener, through the whole platform, with Python's smtplib,
poplib and imaplib. SMTP_PORT is a replica whose checks ask the test's dnsmasq (SenderAuthE2ETest): reject.test and
quarantine.test publish "v=spf1 -all" and DMARC p=reject / p=quarantine; 127.0.0.2 is listed in bl.test."""
import imaplib
import re
import smtplib
import ssl
import sys
import time
import uuid

from mailtest import IMAP_PORT, PASSWORD, SMTP_PORT, USER, check, wait_for


def message(sender, subject):
    return ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@e2e.test>\r\n"
            "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nhello\r\n" % (sender, USER, subject, uuid.uuid4())).encode()


def results(raw):
    m = re.search(rb"\r\nAuthentication-Results: ([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", b"\r\n" + raw)
    return None if m is None else re.sub(rb"\r\n[ \t]+", b" ", m.group(1)).decode()


def imap_junk(subject):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's self-signed certificate
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=30)
    try:
        m.starttls(ctx)
        m.login(USER, PASSWORD)
        for _ in range(60):
            typ, _ = m.select("Junk")
            check(typ == "OK", "the account has a Junk folder")
            typ, data = m.search(None, "SUBJECT", '"%s"' % subject)
            if data[0]:
                typ, msg = m.fetch(data[0].split()[0], "(BODY.PEEK[])")
                return msg[0][1]
            time.sleep(0.5)
        return None
    finally:
        m.logout()


def send(sender, subject, source="127.0.0.1"):
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30, source_address=(source, 0)) as s:
        s.ehlo("client.outside.test")
        code, text = s.mail(sender)
        if code != 250:
            return "mail", code, text
        s.rcpt(USER)
        code, text = s.data(message(sender, subject))
        return "data", code, text


def checks():
    r = send("ceo@reject.test", "dmarc reject " + uuid.uuid4().hex)
    check(r[:2] == ("data", 550) and b"5.7.1 rejected by DMARC policy for reject.test" in r[2],
          "p=reject with SPF fail and no DKIM is refused after the data: %r" % (r,))

    r = send("sender@outside.test", "dnsbl " + uuid.uuid4().hex, source="127.0.0.2")
    check(r[:2] == ("mail", 554) and b"5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.test" in r[2],
          "a client listed in bl.test gets 554 5.7.1 naming the list: %r" % (r,))

    subject = "dmarc quarantine " + uuid.uuid4().hex
    r = send("boss@quarantine.test", subject)
    check(r[:2] == ("data", 250), "p=quarantine failing mail is accepted: %r" % (r,))
    raw = imap_junk(subject)
    check(raw is not None, "it was delivered into the account's Junk folder (IMAP)")
    ar = results(raw)
    print("Authentication-Results (quarantined):", ar)
    check(ar is not None and "spf=fail smtp.mailfrom=boss@quarantine.test" in ar
          and "dmarc=fail (p=quarantine dis=quarantine) header.from=quarantine.test" in ar,
          "one Authentication-Results header says why")

    subject = "dmarc none " + uuid.uuid4().hex
    forged = message("friend@outside.test", subject).replace(
        b"Subject:", b"Authentication-Results: mx.e2e.test; dmarc=pass header.from=outside.test\r\nSubject:", 1)
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        s.sendmail("friend@outside.test", [USER], forged)
    _, _, raw = wait_for(subject)
    ar = results(raw)
    print("Authentication-Results (inbox):", ar)
    check(raw.count(b"Authentication-Results:") == 1 and ar.startswith("mx.e2e.test;") and "dmarc=pass" not in ar,
          "the forged header with our authserv-id is gone and ours is the only one: " + str(ar))


{"checks": checks}[sys.argv[1]]()
