"""The admin API with real clients: urllib for REST, smtplib to send, poplib to read (standard library only).

Subcommands are scenarios run by AdminE2ETest. The environment gives ADMIN_URL, ADMIN_TOKEN (role admin),
SMTP_PORT, POP3_PORT, MAIL_USER, MAIL_PASSWORD.
"""
import json
import os
import poplib
import smtplib
import sys
import time
import urllib.error
import urllib.request
import uuid

from mailtest import api

ADMIN_URL = os.environ["ADMIN_URL"]
ADMIN_TOKEN = os.environ["ADMIN_TOKEN"]
SMTP_PORT = int(os.environ["SMTP_PORT"])
POP3_PORT = int(os.environ["POP3_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]
DOMAIN = USER.split("@")[1]


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok -", what)


def send(rcpt, subject):
    msg = ("From: <sender@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n\r\nhello\r\n"
           % (rcpt, subject, uuid.uuid4())).encode("ascii")
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        refused = s.sendmail("sender@outside.test", [rcpt], msg)
    check(refused == {}, "the MTA accepted mail for " + rcpt)


def arrived(subject, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
        try:
            p.user(USER)
            p.pass_(PASSWORD)
            count, _ = p.stat()
            for n in range(1, count + 1):
                _, lines, _ = p.retr(n)
                if ("Subject: " + subject).encode() in b"\r\n".join(lines):
                    return True
        finally:
            p.quit()
        time.sleep(0.5)
    return False


def scenario_alias_delivery():
    """An alias made through the API, mail to it over SMTP, found in the target's POP3 maildrop."""
    alias = "team-%s@%s" % (uuid.uuid4().hex[:8], DOMAIN)
    status, body, ctype = api("POST", "/api/v1/aliases", {"address": alias, "targets": [USER, "nobody@remote.invalid"]})
    check(status == 201, "POST /aliases answers 201 (got %s %s)" % (status, body))
    check(body["address"] == alias and USER in body["targets"], "the alias comes back with its targets")
    status, body, _ = api("GET", "/api/v1/aliases/%s/expansion" % alias)
    check(status == 200 and USER in body["recipients"], "expansion lists the account")
    subject = "via alias " + str(uuid.uuid4())
    api("DELETE", "/api/v1/aliases/" + alias)  # replaced right away by a local-only alias: no bounce traffic
    status, _, _ = api("POST", "/api/v1/aliases", {"address": alias, "targets": [USER]})
    check(status == 201, "alias re-created with a local target only")
    send(alias, subject)
    check(arrived(subject), "mail sent to the alias arrived in " + USER + "'s POP3 maildrop")

    # catch-all, in a domain of its own so that no other scenario sees it: unknown addresses go to the account
    other = "catchall-%s.test" % uuid.uuid4().hex[:8]
    status, _, _ = api("POST", "/api/v1/domains", {"name": other})
    check(status == 201, "domain " + other + " created")
    status, _, _ = api("POST", "/api/v1/aliases", {"address": "@" + other, "targets": [USER]})
    check(status == 201, "catch-all @" + other + " created")
    subject = "via catch-all " + str(uuid.uuid4())
    send("whoever@" + other, subject)
    check(arrived(subject), "mail to an unknown address arrived through the catch-all")
    status, _, _ = api("DELETE", "/api/v1/aliases/@" + other)
    check(status == 204, "catch-all deleted")
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        s.mail("sender@outside.test")
        code, _ = s.rcpt("whoever-else@" + other)
    check(code == 550, "without the catch-all an unknown address is refused at RCPT (550), got %d" % code)
    status, _, _ = api("DELETE", "/api/v1/domains/" + other)
    check(status == 204, "domain " + other + " deleted")


def scenario_roles_and_audit():
    status, body, _ = api("POST", "/api/v1/tokens", {"subject": "e2e-viewer", "roles": ["viewer"]})
    check(status == 200 and body["token"].count(".") == 2, "the built-in issuer signed a JWT")
    viewer = body["token"]
    status, _, _ = api("GET", "/api/v1/accounts/" + USER, token=viewer)
    check(status == 200, "a viewer reads an account")
    status, body, ctype = api("DELETE", "/api/v1/accounts/" + USER, token=viewer)
    check(status == 403 and ctype.startswith("application/problem+json"), "a viewer cannot delete (403 problem)")
    status, body, _ = api("GET", "/api/v1/audit?target=e2e-viewer")
    check(status == 200 and body["total"] >= 1 and body["items"][0]["action"] == "token.issue", "the token issue is audited")
    status, body, _ = api("PUT", "/api/v1/accounts/%s/quota" % USER, {"quotaBytes": 50000000})
    check(status == 200 and body["effectiveQuotaBytes"] == 50000000, "quota set, usage reported")
    status, body, _ = api("GET", "/api/v1/audit?action=account.quota&target=" + USER)
    check(status == 200 and body["items"][0]["after"]["quotaBytes"] == 50000000, "the audit has the state after")
    check(body["items"][0]["before"] is not None, "the audit has the state before")
    status, _, _ = api("PUT", "/api/v1/accounts/%s/quota" % USER, {"quotaBytes": 0})
    check(status == 200, "quota back to the domain's default")


def scenario_bad_input():
    status, body, ctype = api("POST", "/api/v1/aliases", {"address": "bad..alias@" + DOMAIN, "targets": [USER]})
    check(status == 400 and ctype.startswith("application/problem+json"), "an invalid alias address is a 400 problem")
    status, _, _ = api("GET", "/api/v1/route/not_a_domain!")
    check(status == 400, "an invalid domain for route is a 400")
    status, _, _ = api("GET", "/api/v1/aliases?limit=0")
    check(status == 400, "limit 0 is a 400")


if __name__ == "__main__":
    globals()["scenario_" + sys.argv[1]]()
