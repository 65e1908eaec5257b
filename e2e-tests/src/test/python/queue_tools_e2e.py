"""The queue tools (postqueue/postsuper/postcat) with real clients: smtplib submits mail that defers (its domain's
next hop refuses connections), urllib drives the admin API, and the delivery-service log file is read for the
Postfix-style lines. Run by QueueToolsE2ETest; MAILLOG is that replica's log file.

  queue_tools_e2e.py tools            hold, release (< 1 s), retry (< 1 s), bulk retry by domain, view, requeue, delete
  queue_tools_e2e.py send RCPT        prints "QUEUED <queue id>" once the message waits deferred
"""
import os
import re
import smtplib
import ssl
import sys
import time
import uuid

from mailtest import api, check

SUBMISSION_PORT = int(os.environ["SUBMISSION_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]
DOMAIN = USER.split("@")[1]
MAILLOG = os.environ["MAILLOG"]
UNREACHABLE = "unreachable.test"
# What the issue asks: release and retry produce an attempt within a second.
LIMIT = 1.0


def submit(rcpt, subject):
    msg = ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@e2e.test>\r\n\r\nbody of %s\r\n"
           % (USER, rcpt, subject, uuid.uuid4(), subject)).encode("ascii")
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's self-signed certificate
    with smtplib.SMTP("127.0.0.1", SUBMISSION_PORT, timeout=30) as s:
        s.ehlo("client.e2e.test")
        s.starttls(context=ctx)
        s.ehlo("client.e2e.test")
        s.login(USER, PASSWORD)
        s.mail(USER)
        code, text = s.rcpt(rcpt)
        check(code == 250, "RCPT %s accepted (%s %s)" % (rcpt, code, text))
        code, text = s.data(msg)
        check(code == 250, "DATA accepted")
        return re.search(rb"queued as (\S+)", text).group(1).decode()


def attempts(qid):
    status, body, _ = api("GET", "/api/v1/log?queueId=%s&limit=1000" % qid)
    check(status == 200, "log search for " + qid)
    return body["total"]


def deferred(qid, seconds=60):
    """Waits until the first attempt is over and the message waits in the queue."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, body, _ = api("GET", "/api/v1/queue/" + qid)
        if status == 200 and all(r["status"] == "deferred" and r["attempts"] >= 1 for r in body["recipients"]):
            return body
        time.sleep(0.2)
    raise AssertionError(qid + " never waited deferred")


def timed_attempt(qids, do, what):
    """Runs do() and returns the seconds until every queue id has one more attempt in the mail log."""
    before = {q: attempts(q) for q in qids}
    start = time.monotonic()
    do()
    pending = set(qids)
    while pending and time.monotonic() - start < 30:
        pending = {q for q in pending if attempts(q) <= before[q]}
        if pending:
            time.sleep(0.02)
    took = time.monotonic() - start
    check(not pending, "%s: an attempt for %s" % (what, ", ".join(qids)))
    print("MEASURED %s %.3f s" % (what, took))
    return took


def maillog(pattern, since=0):
    """Matching lines of the replica's log from byte offset since (other test classes write to the same file)."""
    with open(MAILLOG, "rb") as f:
        f.seek(since)
        return [l for l in f.read().decode("utf-8", "replace").splitlines(keepends=True) if re.search(pattern, l)]


def await_maillog(pattern, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        lines = maillog(pattern)
        if lines:
            return lines
        time.sleep(0.1)
    raise AssertionError("no mail log line matches " + pattern)


def post(path, expect=200):
    status, body, ctype = api("POST", path)
    check(status == expect, "POST %s answers %s (got %s %s)" % (path, expect, status, body))
    return body


def scenario_tools():
    start = os.path.getsize(MAILLOG)
    a = submit("a-%s@%s" % (uuid.uuid4().hex[:6], UNREACHABLE), "queue tools A")
    b = submit("b-%s@%s" % (uuid.uuid4().hex[:6], UNREACHABLE), "queue tools B")
    deferred(a)
    deferred(b)

    # hold / release: postsuper -h / -H, in the mail log as postsuper writes them
    check(post("/api/v1/queue/%s/hold" % a)["affected"] == 1, "hold: one recipient")
    await_maillog(r"postsuper\[\d+\]: %s: placed on hold" % a)
    took = timed_attempt([a], lambda: post("/api/v1/queue/%s/release" % a), "release")
    check(took < LIMIT, "release produced an attempt within %.1f s (%.3f s)" % (LIMIT, took))
    await_maillog(r"postsuper\[\d+\]: %s: released from hold" % a)

    # retry now: the first attempt is the real one (it failed with CANCELLED before, issue 16)
    took = timed_attempt([a], lambda: post("/api/v1/queue/%s/retry" % a), "retry")
    check(took < LIMIT, "retry produced an attempt within %.1f s (%.3f s)" % (LIMIT, took))
    _, log, _ = api("GET", "/api/v1/log?queueId=%s&limit=1" % a)
    check("CANCELLED" not in log["items"][0]["reply"] and log["items"][0]["dsn"].startswith("4."),
          "the attempt reached the next hop: " + log["items"][0]["reply"])
    check(not maillog(r"CANCELLED", since=start), "no attempt was cancelled with the gRPC call")

    # bulk: postqueue -f for one domain, with a dry run first
    body = post("/api/v1/queue/actions/retry?domain=%s&dryRun=true" % UNREACHABLE)
    check(body["dryRun"] and body["messages"] >= 2, "dry run counts the domain's messages: %s" % body)
    took = timed_attempt([a, b], lambda: post("/api/v1/queue/actions/retry?domain=%s" % UNREACHABLE), "bulk retry")
    check(took < LIMIT, "bulk retry by domain: attempts within %.1f s (%.3f s)" % (LIMIT, took))
    status, body, ctype = api("POST", "/api/v1/queue/actions/retry?olderThan=2parsecs&all=true")
    check(status == 400 and ctype.startswith("application/problem+json"), "a bad filter is a 400 problem")

    # postcat, admin only and audited
    status, m, _ = api("GET", "/api/v1/queue/%s/message" % b)
    check(status == 200 and "Subject: queue tools B" in m["headers"] and "body of queue tools B" in m["body"],
          "the queued message's headers and body")
    check(m["envelope"]["sender"] == USER and not m["truncated"], "with its envelope, whole")
    status, m, _ = api("GET", "/api/v1/queue/%s/message?maxBytes=10" % b)
    check(status == 200 and m["truncated"] and m["shownBytes"] == 10, "capped at maxBytes, and says so")
    status, audit, _ = api("GET", "/api/v1/audit?action=queue.view&target=" + b)
    check(status == 200 and audit["total"] >= 2, "every read is in the audit log")

    # requeue: the alias changed from the unreachable domain to the local account; postsuper -r expands it again
    alias = "rq-%s@%s" % (uuid.uuid4().hex[:8], DOMAIN)
    status, _, _ = api("POST", "/api/v1/aliases", {"address": alias, "targets": ["x-%s@%s" % (uuid.uuid4().hex[:6], UNREACHABLE)]})
    check(status == 201, "alias to the unreachable domain")
    r = submit(alias, "queue tools requeue")
    entry = deferred(r)
    check(entry["recipients"][0]["recipient"].endswith("@" + UNREACHABLE), "deferred at the alias's remote target")
    api("DELETE", "/api/v1/aliases/" + alias)
    status, _, _ = api("POST", "/api/v1/aliases", {"address": alias, "targets": [USER]})
    check(status == 201, "alias now points to " + USER)
    check(post("/api/v1/queue/%s/requeue" % r)["affected"] == 1, "requeue: one recipient")
    await_maillog(r"postsuper\[\d+\]: %s: requeued" % r)
    sent = await_maillog(r"%s: to=<%s>, orig_to=<%s>, .*status=sent" % (r, re.escape(USER), re.escape(alias)))
    check(len(sent) == 1, "delivered once to the new target, orig_to kept: " + sent[0].strip())
    status, _, _ = api("GET", "/api/v1/queue/" + r)
    check(status == 404, "nothing of it left in the queue")

    # delete by domain: count first, then postsuper -d, each message "removed"
    body = post("/api/v1/queue/actions/delete?domain=%s&dryRun=true" % UNREACHABLE)
    n = body["messages"]
    body = post("/api/v1/queue/actions/delete?domain=%s" % UNREACHABLE)
    check(body["messages"] == n and a in body["queueIds"] and b in body["queueIds"], "deleted what the dry run counted: %s" % body)
    for q in (a, b):
        status, _, _ = api("GET", "/api/v1/queue/" + q)
        check(status == 404, q + " is gone")
        await_maillog(r"postsuper\[\d+\]: %s: removed" % q)
    await_maillog(r"postsuper\[\d+\]: Deleted: %d messages?" % n)
    status, audit, _ = api("GET", "/api/v1/audit?action=queue.bulk-delete")
    check(status == 200 and audit["total"] >= 1, "the bulk delete is audited")


if __name__ == "__main__":
    if sys.argv[1] == "tools":
        scenario_tools()
    elif sys.argv[1] == "send":
        q = submit(sys.argv[2], "queue tools cli")
        deferred(q)
        print("QUEUED", q)
    else:
        raise SystemExit("unknown scenario " + sys.argv[1])
