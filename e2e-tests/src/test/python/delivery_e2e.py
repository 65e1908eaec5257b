"""Real clients for DeliveryE2ETest: Python's smtplib submits mail for remote recipients (submission port,
STARTTLS, AUTH) and poplib reads the DSNs that came back to the sender.

  delivery_e2e.py send SUBJECT RCPT [RCPT ...]   prints "QUEUED <queue id>"
  delivery_e2e.py dsn-count QUEUE_ID              prints "DSN <n>": reports about that queue id in the mailbox
"""
import os
import poplib
import re
import smtplib
import ssl
import sys
import uuid

SUBMISSION_PORT = int(os.environ["SUBMISSION_PORT"])
POP3_PORT = int(os.environ["POP3_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]


def send(subject, rcpts):
    msg = ("From: <%s>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@e2e.test>\r\n\r\nbody of %s\r\n.leading dot line\r\n"
           % (USER, ", ".join("<%s>" % r for r in rcpts), subject, uuid.uuid4(), subject)).encode("ascii")
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the local stack's self-signed certificate
    with smtplib.SMTP("127.0.0.1", SUBMISSION_PORT, timeout=30) as s:
        s.ehlo("client.e2e.test")
        s.starttls(context=ctx)
        s.ehlo("client.e2e.test")
        s.login(USER, PASSWORD)
        code, _ = s.mail(USER)
        assert code == 250, code
        for r in rcpts:
            code, text = s.rcpt(r)
            assert code == 250, (r, code, text)
        code, text = s.data(msg)
        assert code == 250, (code, text)
        m = re.search(rb"queued as (\S+)", text)
        print("QUEUED", m.group(1).decode())


def dsn_count(queue_id):
    p = poplib.POP3("127.0.0.1", POP3_PORT, timeout=30)
    p.user(USER)
    p.pass_(PASSWORD)
    n = 0
    for entry in p.uidl()[1]:
        num = int(entry.decode().split()[0])
        raw = b"\r\n".join(p.retr(num)[1])
        if ("X-Postfix-Queue-ID: " + queue_id).encode() in raw and b"multipart/report" in raw:
            n += 1
            print(raw.decode("ascii", "replace")[:3000])
    p.quit()
    print("DSN", n)


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "dsn-count":
        dsn_count(sys.argv[2])
    else:
        raise SystemExit("unknown command " + sys.argv[1])
