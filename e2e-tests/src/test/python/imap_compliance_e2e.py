"""Issue 14's base-command RFC bugs, with Python's imaplib against the running platform (ImapComplianceE2ETest).

Each found by Dovecot's imaptest compliance suite (bench/imap_compliance.sh): part numbering of nested messages,
ENVELOPE/SEARCH with 'user@domain (Real Name)', FLAGS once per FETCH response, COPY/MOVE into the selected mailbox
answering EXISTS at once, and \\Recent (RFC 3501 section 2.3.2) seen by exactly one session. Works in a folder of its
own (a random name) on the shared e2e account; STARTTLS on IMAP_PORT.
"""
import imaplib
import os
import re
import ssl
import sys
import uuid
import imap_e2e
from imap_e2e import check, connect

IMAP_PORT = int(os.environ["IMAP_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]

SUB = "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\nHello world\r\n"
MIDDLE = ("From: user2@domain.org\r\nDate: Fri, 23 Mar 2007 11:22:33 +0200\r\nMime-Version: 1.0\r\n"
          "Content-Type: message/rfc822\r\n\r\n" + SUB)
NESTED = ("From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n"
          "Content-Type: message/rfc822\r\n\r\n" + MIDDLE)
COMMENT_NAME = "Date: Thu, 15 Feb 2007 01:02:03 +0200\r\nFrom: user@domain (Real Name)\r\nSubject: c\r\n\r\nbody\r\n"
COMMENT_ADDR = "Date: Thu, 15 Feb 2007 01:02:03 +0200\r\nFrom: <user-from (comment)@ (comment) domain.org>\r\n\r\nbody\r\n"


def raw(m, command):
    """One command's untagged lines (as text, literals inlined) and its tagged status."""
    tag = m._new_tag().decode()
    m.send(("%s %s\r\n" % (tag, command)).encode())
    lines = []
    while True:
        line = m._get_line().decode("utf-8", "replace")
        lit = re.search(r"\{(\d+)\}$", line)
        if lit:
            line += m.read(int(lit.group(1))).decode("utf-8", "replace") + m._get_line().decode("utf-8", "replace")
        if line.startswith(tag + " "):
            return lines, line[len(tag) + 1:]
        lines.append(line)


def main():
    box = "compliance-" + uuid.uuid4().hex[:8]
    a = connect()
    check(a.create(box)[0] == "OK", "CREATE " + box)
    for msg in (NESTED, COMMENT_NAME, COMMENT_ADDR):
        check(a.append(box, None, None, msg.encode())[0] == "OK", "APPEND")

    # \Recent: the first rev1 SELECT takes all three, a second session sees none of them as recent
    lines, status = raw(a, "SELECT " + box)
    check("* 3 RECENT" in lines, "the first SELECT reports 3 RECENT: %s" % lines)
    lines, _ = raw(a, "FETCH 1:3 (FLAGS)")
    check(all("\\Recent" in l for l in lines) and len(lines) == 3, "FLAGS carry \\Recent: %s" % lines)
    lines, _ = raw(a, "SEARCH RECENT")
    check("* SEARCH 1 2 3" in lines, "SEARCH RECENT: %s" % lines)
    b = connect()
    lines, _ = raw(b, "SELECT " + box)
    check("* 0 RECENT" in lines, "a second session sees 0 RECENT: %s" % lines)
    lines, _ = raw(b, "FETCH 1:3 (FLAGS)")
    check(not any("\\Recent" in l for l in lines), "and no \\Recent in its FLAGS: %s" % lines)
    lines, _ = raw(b, "SEARCH NEW")
    check("* SEARCH" in lines, "SEARCH NEW finds nothing there: %s" % lines)

    # RFC 3501 section 6.4.5: part 1 of a message/rfc822 message is the whole enclosed message
    lines, _ = raw(a, "FETCH 1 (BODY.PEEK[1])")
    check(MIDDLE in lines[0], "BODY[1] is the enclosed message: %r" % lines)
    lines, _ = raw(a, "FETCH 1 (BODY.PEEK[1.HEADER])")
    check(MIDDLE[:MIDDLE.index("\r\n\r\n") + 4] in lines[0] and "submsg" not in lines[0], "BODY[1.HEADER] is its header: %r" % lines)
    lines, _ = raw(a, "FETCH 1 (BODY.PEEK[1.1.HEADER])")
    check("Subject: submsg" in lines[0], "BODY[1.1.HEADER] the innermost header: %r" % lines)

    # ENVELOPE and SEARCH with comments
    lines, _ = raw(a, "FETCH 2 (ENVELOPE)")
    check('(("Real Name" NIL "user" "domain"))' in lines[0], "ENVELOPE takes the comment as the name: %s" % lines)
    lines, _ = raw(a, "SEARCH FROM user-from@domain.org")
    check("* SEARCH 3" in lines, "SEARCH FROM sees through comments: %s" % lines)

    # each FETCH item once
    lines, _ = raw(a, "FETCH 1 (FLAGS UID FLAGS)")
    check(len(lines) == 1 and lines[0].count("FLAGS") == 1, "FLAGS once: %s" % lines)

    # COPY and MOVE into the selected mailbox: EXISTS in the same response
    lines, status = raw(a, "COPY 1 " + box)
    check(status.startswith("OK") and "* 4 EXISTS" in lines, "COPY into the selected mailbox answers EXISTS: %s" % lines)
    lines, status = raw(a, "MOVE 2 " + box)
    check(status.startswith("OK") and "* 2 EXPUNGE" in lines and "* 4 EXISTS" in lines, "MOVE too, after its EXPUNGE: %s" % lines)
    lines, _ = raw(b, "NOOP")
    check("* 4 EXISTS" in lines and not any("RECENT" in l and not l.startswith("* 0") for l in lines),
          "the other session gets the copies, not as recent (the copier took them): %s" % lines)

    # STATUS RECENT counts what no session has taken; a rev2 session never reports \Recent
    b.logout()
    c = connect()
    check(c.append(box, None, None, SUB.encode())[0] == "OK", "APPEND one more (from a session without it selected)")
    lines, _ = raw(c, "STATUS %s (MESSAGES RECENT)" % box)
    check(any("RECENT 1" in l for l in lines), "STATUS RECENT 1 for the new message: %s" % lines)
    raw(c, "ENABLE IMAP4rev2")
    lines, _ = raw(c, "SELECT " + box)
    check(not any("RECENT" in l for l in lines), "a rev2 SELECT says nothing of RECENT: %s" % lines)
    lines, _ = raw(c, "FETCH 1:* (FLAGS)")
    check(not any("\\Recent" in l for l in lines), "nor \\Recent in FLAGS: %s" % lines)
    c.logout()
    lines, _ = raw(a, "NOOP")
    check("* 5 EXISTS" in lines and "* 5 RECENT" in lines, "the rev1 session still takes the new one: %s" % lines)
    raw(a, "CLOSE")
    a.delete(box)
    a.logout()


if __name__ == "__main__":
    {"main": main}[sys.argv[1] if len(sys.argv) > 1 else "main"]()
