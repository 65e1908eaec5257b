"""Every service's /q/metrics before and after real mail flows: the mail_* series exist and move.

Run by MetricsE2ETest. The environment gives SMTP_PORT, SUBMISSION_PORT, IMAP_PORT, IMAPS_PORT, POP3_PORT, MAIL_USER,
MAIL_PASSWORD and METRICS_URLS (name=url,... for each service's /q/metrics). Standard library only.
Subcommands: flows (the scrape test), names FILE (writes every series name seen, for the dashboard check).
"""
import imaplib
import os
import poplib
import re
import smtplib
import socket
import ssl
import sys
import time
import urllib.request
import uuid

SMTP_PORT = int(os.environ["SMTP_PORT"])
SUBMISSION_PORT = int(os.environ["SUBMISSION_PORT"])
IMAP_PORT = int(os.environ["IMAP_PORT"])
IMAPS_PORT = int(os.environ["IMAPS_PORT"])
POP3_PORT = int(os.environ["POP3_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]
DOMAIN = USER.split("@")[1]
SERVICES = dict(item.split("=", 1) for item in os.environ["METRICS_URLS"].split(","))

# name{labels} value [timestamp] [# exemplar]   (the exposition format's sample line; labels kept as written, they
# are sorted by the registry; with traces on, counters and buckets carry an exemplar naming a trace)
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([-+0-9.eEInfNa]+)( [0-9]+)?( # .*)?$')


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok -", what)


def scrape(service):
    with urllib.request.urlopen(SERVICES[service], timeout=30) as r:
        text = r.read().decode("utf-8")
    series = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if m:
            series[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    return series


def scrape_all():
    return {name: scrape(name) for name in SERVICES}


def value(series, name, **labels):
    """The sum over the series of that name whose labels include the given ones (None when there is none)."""
    total, found = 0.0, False
    for key, v in series.items():
        base, _, rest = key.partition("{")
        if base != name:
            continue
        if all(('%s="%s"' % (k, w)) in rest for k, w in labels.items()):
            total += v
            found = True
    return total if found else None


def moved(before, after, service, name, by=1, **labels):
    b = value(before[service], name, **labels) or 0.0
    a = value(after[service], name, **labels)
    check(a is not None, "%s exports %s%s" % (service, name, labels or ""))
    check(a - b >= by, "%s %s%s moved by >= %s (%s -> %s)" % (service, name, labels or "", by, b, a))


def moved_eventually(before, service, name, by=1, seconds=30, **labels):
    """As moved(), for what is counted after the event a client can see (the mail log's outcomes are counted when
    the settlement is durable, which may be just after POP3 already shows the message)."""
    b = value(before[service], name, **labels) or 0.0
    deadline = time.time() + seconds
    while True:
        a = value(scrape(service), name, **labels)
        if a is not None and a - b >= by:
            print("ok - %s %s%s moved by >= %s (%s -> %s)" % (service, name, labels, by, b, a))
            return
        if time.time() >= deadline:
            raise AssertionError("%s %s%s did not move by %s within %d s (%s -> %s)" % (service, name, labels, by, seconds, b, a))
        time.sleep(0.5)


def tls():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's self-signed certificate
    return ctx


def smtp_flows(subject):
    msg = ("From: <sender@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n\r\nhello\r\n"
           % (USER, subject, uuid.uuid4())).encode("ascii")
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        check(s.sendmail("sender@outside.test", [USER], msg) == {}, "a message for %s is queued" % USER)
        s.mail("sender@outside.test")
        code, text = s.rcpt("nobody-%s@%s" % (uuid.uuid4().hex[:8], DOMAIN))
        check(code == 550 and text.startswith(b"5.1.1"), "unknown local user: 550 5.1.1")
        code, text = s.rcpt("someone@elsewhere.invalid")
        check(code == 554 and text.startswith(b"5.7.1"), "relay from outside: 554 5.7.1")
        s.rset()
    with smtplib.SMTP("127.0.0.1", SUBMISSION_PORT, timeout=30) as s:
        s.ehlo("client.e2e.test")
        s.starttls(context=tls())
        s.ehlo("client.e2e.test")
        try:
            s.login(USER, "wrong-password")
            raise AssertionError("a wrong password was accepted")
        except smtplib.SMTPAuthenticationError as e:
            check(e.smtp_code == 535, "wrong SMTP AUTH password: 535")


def pop3_flows(subject):
    deadline = time.time() + 60
    while True:
        p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
        p.user(USER)
        p.pass_(PASSWORD)
        count, _ = p.stat()
        found = any(("Subject: " + subject).encode() in b"\r\n".join(p.retr(n)[1]) for n in range(1, count + 1))
        p.quit()
        if found:
            break
        if time.time() >= deadline:
            raise AssertionError("the message did not reach the mailbox within 60 s")
        time.sleep(0.5)
    print("ok - POP3 RETR read the delivered message")
    p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
    p.user(USER)
    try:
        p.pass_("wrong-password")
        raise AssertionError("a wrong POP3 password was accepted")
    except poplib.error_proto:
        print("ok - wrong POP3 password: -ERR")
    p.close()


def imap_flows():
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=30)
    m.starttls(ssl_context=tls())
    try:
        m.login(USER, "wrong-password")
        raise AssertionError("a wrong IMAP password was accepted")
    except imaplib.IMAP4.error:
        print("ok - wrong IMAP password: NO")
    m.login(USER, PASSWORD)
    m.select("INBOX")
    m.fetch("1:*", "(FLAGS)")
    m.noop()
    m.logout()
    # IDLE (RFC 2177) by hand: imaplib has no IDLE before Python 3.14
    s = tls().wrap_socket(socket.create_connection(("127.0.0.1", IMAPS_PORT), timeout=30))
    f = s.makefile("rb")
    f.readline()
    s.sendall(b'a1 LOGIN "%s" "%s"\r\na2 SELECT INBOX\r\na3 IDLE\r\n' % (USER.encode(), PASSWORD.encode()))
    while not f.readline().startswith(b"+"):
        pass
    # The gauge counts the session once "+ idling" is written, which may be a moment after the client reads it.
    eventually("imap-pop-gateway", "mail_imap_idle_sessions", lambda v: v >= 1,
               "mail_imap_idle_sessions counts the session in IDLE", seconds=10)
    s.sendall(b"DONE\r\na4 LOGOUT\r\n")
    while not f.readline().startswith(b"a4 "):
        pass
    s.close()


def eventually(service, name, condition, what, seconds=30, **labels):
    """Gauges read from the database are cached a few seconds (ScrapeCache): scrape until they show the change."""
    deadline = time.time() + seconds
    while True:
        v = value(scrape(service), name, **labels)
        if v is not None and condition(v):
            print("ok -", what, "(%s)" % v)
            return
        if time.time() >= deadline:
            raise AssertionError(what + " within %d s (last %s)" % (seconds, v))
        time.sleep(1)


STORE_SNAPSHOT_MAX_AGE = 5  # mailbox.metrics.snapshot-max-age's default, seconds


def fresh_value(service, name):
    """A cached gauge as the database has it now. A scrape answers the cached value and, if it is older than the
    snapshot's max age, starts a refresh; the value can predate an earlier test's cleanup (a baseline of 235 once
    when the store held 71). So: let any cached value expire, scrape to start a refresh, let it finish, read it."""
    time.sleep(STORE_SNAPSHOT_MAX_AGE + 1)
    scrape(service)
    time.sleep(2)
    return value(scrape(service), name)


def scenario_flows():
    before = scrape_all()
    eventually("mailbox-store", "mail_store_messages", lambda v: True, "mail_store_messages is exported")
    store_messages = fresh_value("mailbox-store", "mail_store_messages")
    subject = "metrics " + uuid.uuid4().hex
    smtp_flows(subject)
    pop3_flows(subject)
    imap_flows()
    after = scrape_all()

    for name, series in after.items():
        odd = [k for k in series if k.startswith("m__")]
        check(not odd, "%s exports no oddly named m__ series %s" % (name, odd[:3]))
        check(len(series) > 0, "%s /q/metrics has samples" % name)

    moved(before, after, "smtp-ingress", "mail_smtp_connections_total", by=1, listener="smtp")
    moved(before, after, "smtp-ingress", "mail_smtp_connections_total", by=1, listener="submission")
    moved(before, after, "smtp-ingress", "mail_smtp_transactions_total", by=1, result="queued")
    moved(before, after, "smtp-ingress", "mail_smtp_received_bytes_total", by=100)
    moved(before, after, "smtp-ingress", "mail_smtp_rejects_total", by=1, code="550", status="5.1.1")
    moved(before, after, "smtp-ingress", "mail_smtp_rejects_total", by=1, code="554", status="5.7.1")
    moved(before, after, "smtp-ingress", "mail_smtp_rejects_total", by=1, code="535")
    moved(before, after, "smtp-ingress", "mail_smtp_auth_failures_total", by=1)
    check(value(after["smtp-ingress"], "mail_smtp_sessions_active") is not None, "smtp-ingress exports mail_smtp_sessions_active")

    moved_eventually(before, "delivery-service", "mail_deliveries_total", by=1, transport="local", status="sent", dsn_class="2")
    moved_eventually(before, "delivery-service", "mail_delivery_delay_seconds_count", by=1, transport="local", status="sent")
    after["delivery-service"] = scrape("delivery-service")
    check(value(after["delivery-service"], "mail_delivery_delay_seconds_bucket", transport="local", status="sent", le="+Inf")
          is not None, "mail_delivery_delay_seconds is a histogram (le buckets)")
    for state in ("incoming", "active", "deferred", "hold"):
        check(value(after["delivery-service"], "mail_queue_messages", state=state) is not None,
              "delivery-service exports mail_queue_messages{state=%s}" % state)
    check(value(after["delivery-service"], "mail_queue_oldest_message_age_seconds", state="deferred") is not None,
          "delivery-service exports mail_queue_oldest_message_age_seconds")

    moved(before, after, "mailbox-store", "mail_store_deliveries_total", by=1, result="delivered")
    eventually("mailbox-store", "mail_store_messages", lambda v: v > store_messages,
               "mail_store_messages grew past %s" % store_messages)
    # The SQL client's per-connection postgresql_* meters are dropped on purpose (platform-common SqlClientMeters:
    # Quarkus 3.33 registered them again per connection and only the first one's numbers showed); the change feed's
    # unnamed connection used to export them as m__*, which the checks below keep out.
    check(value(after["mailbox-store"], "postgresql_current", clientName="change-feed") is None,
          "no per-connection postgresql_* meters (SqlClientMeters)")

    moved(before, after, "imap-pop-gateway", "mail_imap_connections_total", by=1, listener="imap")
    moved(before, after, "imap-pop-gateway", "mail_imap_connections_total", by=1, listener="imaps")
    moved(before, after, "imap-pop-gateway", "mail_imap_auth_failures_total", by=1)
    for command in ("LOGIN", "SELECT", "FETCH", "NOOP", "IDLE", "LOGOUT"):
        moved(before, after, "imap-pop-gateway", "mail_imap_command_duration_seconds_count", by=1, command=command)
    check(value(after["imap-pop-gateway"], "mail_imap_command_duration_seconds_bucket", command="FETCH", le="0.005")
          is not None, "IMAP command latency is a histogram in seconds")
    check(value(after["imap-pop-gateway"], "mail_imap_idle_sessions") == 0, "mail_imap_idle_sessions is back to 0 after DONE")
    moved(before, after, "imap-pop-gateway", "mail_pop3_connections_total", by=2, listener="pop3")
    moved(before, after, "imap-pop-gateway", "mail_pop3_auth_failures_total", by=1)
    moved(before, after, "imap-pop-gateway", "mail_pop3_messages_retrieved_total", by=1)
    moved(before, after, "imap-pop-gateway", "mail_pop3_command_duration_seconds_count", by=1, command="RETR")


def scenario_send():
    """One message to MAIL_USER; prints its queue id from the 250 reply (for the trace test)."""
    msg = ("From: <sender@outside.test>\r\nTo: <%s>\r\nSubject: traced %s\r\n\r\nhello\r\n" % (USER, uuid.uuid4())).encode()
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.ehlo("client.outside.test")
        s.mail("sender@outside.test")
        s.rcpt(USER)
        code, text = s.data(msg)
    check(code == 250, "queued: %s" % text)
    print("QUEUED", text.decode().rsplit(" ", 1)[-1])


def scenario_names(path):
    names = set()
    for service in SERVICES:
        for key in scrape(service):
            names.add(key.partition("{")[0])
    with open(path, "w") as f:
        f.write("\n".join(sorted(names)) + "\n")
    print("ok - %d series names written to %s" % (len(names), path))


if __name__ == "__main__":
    if sys.argv[1] == "flows":
        scenario_flows()
    elif sys.argv[1] == "send":
        scenario_send()
    elif sys.argv[1] == "names":
        scenario_names(sys.argv[2])
    else:
        raise SystemExit("unknown scenario " + sys.argv[1])
