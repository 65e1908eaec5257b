"""Real clients for MailLogE2ETest: one session of each kind an operator's tools look for in the mail log.

  maillog_e2e.py sequence   RCPT rejects (unknown user, relay), an SMTP AUTH failure, an IMAP and a POP3 login
                            failure, a local delivery, an IMAP login and a bounce (an alias to a missing local user); prints
                            "QUEUED <id>" per accepted message and "USER <name>" for the failing login.
"""
import imaplib
import os
import poplib
import re
import smtplib
import ssl
import sys
import uuid

from mailtest import api, check

SMTP_PORT = int(os.environ["SMTP_PORT"])
SUBMISSION_PORT = int(os.environ["SUBMISSION_PORT"])
IMAP_PORT = int(os.environ["IMAP_PORT"])
POP3_PORT = int(os.environ["POP3_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]
DOMAIN = USER.split("@")[1]


def tls():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's self-signed certificate
    return ctx


def queued(text):
    m = re.search(rb"queued as (\S+)", text)
    print("QUEUED", m.group(1).decode(), flush=True)


def scenario_sequence():
    token = uuid.uuid4().hex[:8]
    intruder = "intruder-%s@%s" % (token, DOMAIN)
    print("USER", intruder, flush=True)

    # 1. two RCPT rejects in one session: unknown local user (550 5.1.1) and relaying (554 5.7.1)
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        check(s.mail("sender@outside.test")[0] == 250, "MAIL accepted")
        code, text = s.rcpt("nobody-%s@%s" % (token, DOMAIN))
        check(code == 550 and b"5.1.1" in text, "unknown user refused at RCPT (%s %s)" % (code, text))
        code, text = s.rcpt("someone@elsewhere-%s.example" % token)
        check(code == 554 and b"Relay access denied" in text, "relaying refused (%s %s)" % (code, text))

    # 2. SMTP AUTH failure on the submission port (after STARTTLS)
    with smtplib.SMTP("127.0.0.1", SUBMISSION_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        s.starttls(context=tls())
        s.ehlo("client.outside.test")
        s.user, s.password = intruder, "wrong-password"
        try:
            s.auth("PLAIN", s.auth_plain)  # one mechanism: smtplib's login() would try LOGIN after PLAIN
            raise AssertionError("AUTH with a wrong password succeeded")
        except smtplib.SMTPAuthenticationError as e:
            check(e.smtp_code == 535, "SMTP AUTH refused with 535")

    # 3. IMAP and POP3 login failures
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT)
    m.starttls(tls())
    try:
        m.login(intruder, "wrong-password")
        raise AssertionError("IMAP LOGIN with a wrong password succeeded")
    except imaplib.IMAP4.error:
        check(True, "IMAP LOGIN refused")
    m.logout()
    p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
    p.stls(tls())
    p.user(intruder)
    try:
        p.pass_("wrong-password")
        raise AssertionError("POP3 PASS with a wrong password succeeded")
    except poplib.error_proto:
        check(True, "POP3 PASS refused")
    p.quit()

    # 4. a local delivery
    msg = ("From: <sender@outside.test>\r\nTo: <%s>\r\nSubject: maillog %s\r\nMessage-ID: <maillog-%s@outside.test>\r\n\r\nhello\r\n"
           % (USER, token, token)).encode("ascii")
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        s.mail("sender@outside.test")
        check(s.rcpt(USER)[0] == 250, "local recipient accepted")
        code, text = s.data(msg)
        check(code == 250, "message queued")
        queued(text)

    # the owner logs in over IMAP (Dovecot's Login line and the session's logout with bytes in and out)
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT)
    m.starttls(tls())
    m.login(USER, PASSWORD)
    m.select("INBOX")
    m.logout()

    # 5. a bounce: an alias whose target is no account is accepted at RCPT and fails at local delivery (5.1.1),
    #    and the DSN comes back to the (local, authenticated) sender
    alias = "bounce-%s@%s" % (token, DOMAIN)
    status, body, _ = api("POST", "/api/v1/aliases", {"address": alias, "targets": ["gone-%s@%s" % (token, DOMAIN)]})
    check(status == 201, "alias to a missing account created (%s %s)" % (status, body))
    msg = ("From: <%s>\r\nTo: <%s>\r\nSubject: maillog bounce %s\r\nMessage-ID: <maillog-b-%s@e2e.test>\r\n\r\nhello\r\n"
           % (USER, alias, token, token)).encode("ascii")
    with smtplib.SMTP("127.0.0.1", SUBMISSION_PORT, timeout=30) as s:
        s.ehlo("client.e2e.test")
        s.starttls(context=tls())
        s.ehlo("client.e2e.test")
        s.login(USER, PASSWORD)
        s.mail(USER)
        check(s.rcpt(alias)[0] == 250, "the alias is accepted at RCPT")
        code, text = s.data(msg)
        check(code == 250, "bounce trigger queued")
        queued(text)


if __name__ == "__main__":
    globals()["scenario_" + sys.argv[1]]()
