"""Accounts moved in from Dovecot, RCPT policy for full and disabled mailboxes, and a backup restored: with
real clients (urllib, smtplib, imaplib over STARTTLS, poplib) and psql for what only the database shows.

Subcommands are scenarios run by AccountsE2ETest. The environment gives ADMIN_URL, ADMIN_TOKEN, SMTP_PORT,
POP3_PORT, IMAP_PORT, PG_PORT, MAIL_USER, MAIL_PASSWORD.
"""
import imaplib
import os
import poplib
import smtplib
import ssl
import subprocess
import sys
import time
import uuid

from mailtest import api, check

SMTP_PORT = int(os.environ["SMTP_PORT"])
POP3_PORT = int(os.environ["POP3_PORT"])
IMAP_PORT = int(os.environ["IMAP_PORT"])
PG_PORT = os.environ.get("PG_PORT", "")
DOMAIN = os.environ["MAIL_USER"].split("@")[1]

# doveadm pw -s SHA512-CRYPT -p secret (Debian's Dovecot 2.3)
SHA512_SECRET = ("{SHA512-CRYPT}$6$9ygOmNyOmFGLlx3z$MRiizZLmJNPxoOfOiiCfKf7nABKCIDrdEp8/rVjjJ2aMeAM9K9hIlhHLJUvU8Yvd9Kz5f"
                 "QtFh4I0CdEbOOeyi1")


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # the local stack's certificate is self-signed
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def sql(query):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-d", "postgres", "-At", "-c", query],
                         env=dict(os.environ, PGPASSWORD="postgres"), check=True, capture_output=True, text=True)
    return out.stdout.strip()


def stored_hash(address):
    local, domain = address.split("@")
    return sql("SELECT a.password_hash FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
               " WHERE d.name = '%s' AND a.local_part = '%s'" % (domain, local))


def new_address(prefix):
    return "%s-%s@%s" % (prefix, uuid.uuid4().hex[:8], DOMAIN)


def rcpt(address):
    """The reply to RCPT TO:<address> in a real SMTP session (no mail sent)."""
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        s.mail("sender@outside.test")
        code, text = s.rcpt(address)
        s.rset()
        return code, text.decode()


def send(address, subject, body="hello\r\n"):
    msg = ("From: <sender@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n\r\n%s"
           % (address, subject, uuid.uuid4(), body)).encode("ascii")
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        refused = s.sendmail("sender@outside.test", [address], msg)
    check(refused == {}, "the MTA accepted mail for " + address)


def pop_subjects(address, password):
    p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
    try:
        p.user(address)
        p.pass_(password)
        found = []
        count, _ = p.stat()
        for n in range(1, count + 1):
            _, lines, _ = p.top(n, 0)
            found += [l.decode()[9:] for l in lines if l.startswith(b"Subject: ")]
        return found
    finally:
        p.quit()


def pop_wait(address, password, subject, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if subject in pop_subjects(address, password):
            return True
        time.sleep(0.3)
    return False


def imap_subjects(address, password):
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=30)
    m.starttls(tls_context())
    m.login(address, password)
    try:
        m.select("INBOX", readonly=True)
        _, data = m.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        return [part[1].decode().strip()[9:] for part in data if isinstance(part, tuple)]
    finally:
        m.logout()


def scenario_dovecot_hash():
    address = new_address("dovecot")
    for bad, why in [({"address": address, "passwordHash": "{PLAIN}secret"}, "{PLAIN} is refused unless enabled"),
                     ({"address": address, "passwordHash": SHA512_SECRET.replace("$6$", "$6$rounds=999999999$")},
                      "a hostile rounds count is refused at import"),
                     ({"address": address, "password": "long-enough-pw", "passwordHash": SHA512_SECRET}, "not both")]:
        status, body, ctype = api("POST", "/api/v1/accounts", bad)
        check(status == 400 and "problem+json" in ctype, why + ": " + str(body))
    status, body, _ = api("POST", "/api/v1/accounts", {"address": address, "passwordHash": SHA512_SECRET})
    check(status == 201, "account created with a {SHA512-CRYPT} hash: %s %s" % (status, body))
    check(stored_hash(address) == SHA512_SECRET, "the hash is stored as given")
    subject = "moved-in " + uuid.uuid4().hex
    send(address, subject)
    check(pop_wait(address, "secret", subject), "POP3 login with the Dovecot password reads the mail")
    upgraded = stored_hash(address)
    check(upgraded.startswith("{BLF-CRYPT}$2y$"), "the hash was upgraded at the login: " + upgraded[:16])
    check(subject in imap_subjects(address, "secret"), "IMAP (STARTTLS, LOGIN) with the same password after the upgrade")
    try:
        imap_subjects(address, "wrong-password")
        check(False, "a wrong password is refused")
    except imaplib.IMAP4.error:
        check(True, "a wrong password is refused over IMAP")
    check(stored_hash(address) == upgraded, "upgraded once")
    status, _, _ = api("PUT", "/api/v1/accounts/%s/password" % address,
                       {"passwordHash": "{PBKDF2}$1$tx3iNs.W6qOyuFLX$5000$d42e742677dd2ecda2f6fa89a5b843bad1c88950"})
    check(status == 200, "the password set again as a {PBKDF2} hash")
    check(subject in pop_subjects(address, "secret"), "POP3 login with it")


def scenario_imported(addresses, passwords):
    """Accounts made by mailctl account import-passwd log in with their old passwords."""
    for address, password in zip(addresses.split(","), passwords.split(",")):
        check(pop_subjects(address, password) == [], "imported " + address + " logs in over POP3")
        check(stored_hash(address).startswith("{BLF-CRYPT}"), "and its hash was upgraded")


def scenario_over_quota():
    address = new_address("full")
    status, _, _ = api("POST", "/api/v1/accounts", {"address": address, "password": "long-enough-pw"})
    check(status == 201, "account created")
    # filled by IMAP APPEND, not over SMTP: an RCPT that accepted would be remembered by smtp-ingress's recipient
    # cache for smtpd.recipient-cache-ttl (a mailbox that fills up meanwhile is deferred 4.2.2 by delivery instead)
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=30)
    m.starttls(tls_context())
    m.login(address, "long-enough-pw")
    typ, _ = m.append("INBOX", None, None, b"Subject: filler\r\n\r\n" + b"x" * 2000 + b"\r\n")
    m.logout()
    check(typ == "OK", "a 2 kB message appended")
    status, body, _ = api("PUT", "/api/v1/accounts/%s/quota" % address, {"quotaBytes": 1000})
    check(status == 200 and body["usedBytes"] >= 1000, "quota set below the usage: %s" % body)
    code, text = rcpt(address)
    check(code == 452 and text.startswith("4.2.2"), "a full mailbox gets 452 4.2.2 at RCPT: %d %s" % (code, text))
    code, text = rcpt(address)
    check(code == 452, "again (a full mailbox is not cached as accepting)")
    p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
    p.user(address)
    p.pass_("long-enough-pw")
    p.dele(1)
    p.quit()
    code, text = rcpt(address)
    check(code == 250, "after the expunge RCPT is accepted at once: %d %s" % (code, text))


def scenario_disabled():
    address = new_address("off")
    status, _, _ = api("POST", "/api/v1/accounts", {"address": address, "password": "long-enough-pw"})
    check(status == 201, "account created")
    status, _, _ = api("PUT", "/api/v1/accounts/%s/disabled" % address, {"disabled": True})
    check(status == 200, "account disabled")
    code, text = rcpt(address)
    check(code == 550 and text.startswith("5.2.1") and "disabled" in text,
          "a disabled account gets 550 5.2.1, not 5.1.1 User unknown: %d %s" % (code, text))
    code, text = rcpt("nobody-%s@%s" % (uuid.uuid4().hex[:8], DOMAIN))
    check(code == 550 and text.startswith("5.1.1"), "an unknown user still gets 5.1.1")
    status, _, _ = api("PUT", "/api/v1/accounts/%s/disabled" % address, {"disabled": False})
    code, text = rcpt(address)
    check(code == 250, "enabled again, accepted at once: %d %s" % (code, text))


def scenario_backup_prepare(address, subject):
    status, _, _ = api("POST", "/api/v1/accounts", {"address": address, "password": "long-enough-pw"})
    check(status == 201, "account created")
    send(address, subject)
    check(pop_wait(address, "long-enough-pw", subject), "the mail to keep is delivered")


def scenario_disaster(address):
    status, _, _ = api("DELETE", "/api/v1/accounts/" + address)
    check(status == 204, "the account and its mail are deleted (the loss the backup undoes)")
    try:
        pop_subjects(address, "long-enough-pw")
        check(False, "the account is gone")
    except poplib.error_proto:
        check(True, "the account is gone")


def scenario_backup_check(address, subject):
    check(pop_wait(address, "long-enough-pw", subject), "POP3 reads the mail from the restored database")
    check(subject in imap_subjects(address, "long-enough-pw"), "IMAP too")
    after = "after-restore " + uuid.uuid4().hex
    send(address, after)
    check(pop_wait(address, "long-enough-pw", after), "and new mail flows through the restored platform")


if __name__ == "__main__":
    globals()["scenario_" + sys.argv[1]](*sys.argv[2:])
