"""Issue 14's parser bugs and extensions with Python's imaplib (and raw bytes where imaplib has no API) against the
running platform: '~' mailbox names, lower-case month names, SENT* on the Date: header's own date, MULTIAPPEND,
LITERAL-/LITERAL+, UNAUTHENTICATE, WITHIN, SEARCHRES, STATUS=SIZE, SAVEDATE and OBJECTID.

ImapParserE2ETest runs it. It works in a mailbox of its own (a random name), so it never touches other scenarios' mail.
"""
import imaplib
import os
import re
import socket
import ssl
import sys
import uuid
import imap_e2e
from imap_e2e import check, tls_context

IMAPS_PORT = int(os.environ["IMAPS_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]

# imaplib refuses commands it does not know
imaplib.Commands.setdefault("UNAUTHENTICATE", ("AUTH", "SELECTED"))


class Raw:
    """Bytes exactly as written, for what imaplib cannot send (MULTIAPPEND, non-synchronizing literals)."""

    def __init__(self):
        self.sock = tls_context().wrap_socket(socket.create_connection(("127.0.0.1", IMAPS_PORT), timeout=30))
        self.buf = b""
        self.greeting = self.line()

    def line(self):
        while b"\r\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise AssertionError("connection closed; had %r" % self.buf)
            self.buf += data
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def command(self, tag, data):
        self.sock.sendall(data)
        lines = []
        while True:
            line = self.line()
            lines.append(line)
            if line.startswith(tag + b" "):
                return lines

    def close(self):
        self.sock.close()


def connect():
    """Implicit TLS on IMAPS_PORT."""
    return imap_e2e.connect(starttls=False)

def msg(subject, date=None):
    head = "From: <alice@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\n" % (USER, subject)
    if date:
        head += "Date: %s\r\n" % date
    return (head + "\r\nbody of %s\r\n" % subject).encode()


def extensions():
    tag = uuid.uuid4().hex[:8]
    box = "~p-" + tag

    # LITERAL- before login, LITERAL+ after (RFC 7888); LOGIN with non-synchronizing literals under 4096 octets
    raw = Raw()
    check(b" LITERAL-" in raw.greeting and b"LITERAL+" not in raw.greeting, "LITERAL- (not LITERAL+) before login")
    user, password = USER.encode(), PASSWORD.encode()
    reply = raw.command(b"l", b"l LOGIN {%d+}\r\n%s {%d+}\r\n%s\r\n" % (len(user), user, len(password), password))
    check(reply[-1].startswith(b"l OK"), "LOGIN with non-synchronizing literals before authentication")
    caps = raw.command(b"c", b"c CAPABILITY\r\n")[0]
    for cap in (b"LITERAL+", b"MULTIAPPEND", b"WITHIN", b"SEARCHRES", b"STATUS=SIZE", b"SAVEDATE", b"OBJECTID", b"UNAUTHENTICATE"):
        check(b" " + cap in caps, "%s advertised after login" % cap.decode())

    # '~' is an atom character (issue 14: "CREATE ~foo" got BAD expected '{')
    reply = raw.command(b"k", b"k CREATE %s\r\n" % box.encode())
    check(reply[-1].startswith(b"k OK"), "CREATE of a mailbox named with a leading '~' as an atom")
    created_id = re.search(rb"\[MAILBOXID (\([A-Za-z0-9_-]+\))\]", reply[-1])
    check(created_id is not None, "CREATE answers with the MAILBOXID (RFC 8474 section 4.1): %r" % reply[-1])

    # MULTIAPPEND (RFC 3502): three messages, one with a lower-case month in its date-time
    m1 = msg("m1-" + tag, "Sat, 24 Mar 2007 23:00:00 -0800")
    m2 = msg("m2-" + tag, "Sun, 25 Mar 2007 01:00:00 +0300")
    m3 = msg("m3-" + tag)
    data = b"a APPEND %s (\\Seen) {%d+}\r\n%s \"22-feb-2008 10:00:00 +0100\" {%d+}\r\n%s {%d+}\r\n%s\r\n" % (
        box.encode(), len(m1), m1, len(m2), m2, len(m3), m3)
    reply = raw.command(b"a", data)[-1]
    uid_set = re.search(rb"\[APPENDUID (\d+) (\d+):(\d+)\]", reply)
    check(reply.startswith(b"a OK") and uid_set and int(uid_set.group(3)) - int(uid_set.group(2)) == 2,
          "MULTIAPPEND answers APPENDUID with a uid range: %r" % reply)
    # a message of a MULTIAPPEND refused leaves nothing behind
    reply = raw.command(b"b", b"b APPEND %s {1+}\r\nx (\\Bogus\\) {1+}\r\ny\r\n" % box.encode())[-1]
    check(reply.startswith(b"b BAD") or reply.startswith(b"b NO"), "a MULTIAPPEND with a bad message is refused: %r" % reply)

    # UNAUTHENTICATE (RFC 8437): back to not authenticated on the same connection, then in again
    check(raw.command(b"u", b"u UNAUTHENTICATE\r\n")[-1].startswith(b"u OK"), "UNAUTHENTICATE")
    check(raw.command(b"s", b"s SELECT INBOX\r\n")[-1].startswith(b"s BAD"), "no mailbox commands after UNAUTHENTICATE")
    reply = raw.command(b"l2", b"l2 LOGIN {%d+}\r\n%s {%d+}\r\n%s\r\n" % (len(user), user, len(password), password))
    check(reply[-1].startswith(b"l2 OK"), "LOGIN again after UNAUTHENTICATE")
    raw.close()

    m = connect()
    typ, data = m.select('"%s"' % box)
    check(typ == "OK" and data[0] == b"3", "SELECT of the '~' mailbox sees the three appended messages")
    mailbox_id = m.response("MAILBOXID")[1][0]
    check(mailbox_id == created_id.group(1), "SELECT reports the MAILBOXID CREATE told: %r" % mailbox_id)

    # RFC 3501 6.4.4: the Date: header's own date; m1 is 25 Mar in UTC but was sent on the 24th
    typ, data = m.search(None, "SENTON", "24-mar-2007")
    check(data[0].split() == [b"1"], "SENTON 24-mar-2007 finds the message sent 23:00 -0800 that day: %r" % data)
    typ, data = m.search(None, "SENTBEFORE", "25-MAR-2007")
    check(data[0].split() == [b"1"], "SENTBEFORE 25-MAR-2007 (upper-case month): %r" % data)
    typ, data = m.search(None, "SENTSINCE", "25-mar-2007")
    check(data[0].split() == [b"2"], "SENTSINCE 25-mar-2007 finds the message sent 01:00 +0300 on the 25th: %r" % data)
    typ, data = m.search(None, "SINCE", "1-JAN-2000", "BEFORE", "1-mar-2008")
    check(data[0].split() == [b"2"], "SINCE/BEFORE with any month case, on the APPEND date-time: %r" % data)

    # WITHIN (RFC 5032): the messages appended without a date-time are younger than an hour, the 2008 one is older
    typ, data = m.search(None, "YOUNGER", "3600")
    check(data[0].split() == [b"1", b"3"], "YOUNGER 3600: %r" % data)
    typ, data = m.search(None, "OLDER", "3600")
    check(data[0].split() == [b"2"], "OLDER 3600: %r" % data)

    # SEARCHRES (RFC 5182): RETURN (SAVE) answers nothing untagged, "$" then names the result
    typ, data = m.search(None, "RETURN", "(SAVE)", "SEEN")
    check(typ == "OK" and "ESEARCH" not in m.untagged_responses, "SEARCH RETURN (SAVE) answers with no ESEARCH")
    typ, data = m.fetch("$", "(UID)")
    check(typ == "OK" and len([d for d in data if d]) == 1 and data[0].startswith(b"1 "), "FETCH $ is the saved message: %r" % data)
    typ, data = m.uid("SEARCH", "UID", "$")
    check(len(data[0].split()) == 1, "UID SEARCH UID $: %r" % data)

    # STATUS=SIZE (RFC 8438) and MAILBOXID (RFC 8474)
    typ, data = m.status('"%s"' % box, "(SIZE MAILBOXID MESSAGES)")
    size = re.search(rb"SIZE (\d+)", data[0])
    check(size and int(size.group(1)) == len(m1) + len(m2) + len(m3), "STATUS SIZE is the octets stored: %r" % data)
    check(b"MAILBOXID " + mailbox_id in data[0], "STATUS MAILBOXID matches SELECT's: %r" % data)

    # SAVEDATE (RFC 8514), EMAILID and THREADID (RFC 8474)
    typ, data = m.fetch("1:3", "(EMAILID THREADID SAVEDATE)")
    lines = [d for d in data if d]
    check(len(lines) == 3 and all(re.search(rb"EMAILID \([A-Za-z0-9_-]+\) THREADID NIL SAVEDATE \"", d) for d in lines),
          "FETCH EMAILID THREADID SAVEDATE: %r" % lines)
    email_id = re.search(rb"EMAILID (\([^)]*\))", lines[0]).group(1)
    typ, data = m.search(None, "SAVEDATESUPPORTED")
    check(data[0].split() == [b"1", b"2", b"3"], "SAVEDATESUPPORTED: %r" % data)
    typ, data = m.search(None, "SAVEDBEFORE", "1-jan-2000")
    check(data[0].split() == [], "nothing was saved before 2000 (whatever its internal date): %r" % data)

    # EMAILID survives COPY (RFC 8474 section 5.1)
    m.copy("1", "INBOX")
    m.select("INBOX")
    typ, data = m.search(None, "SUBJECT", "m1-" + tag)
    typ, data = m.fetch(data[0].split()[-1], "(EMAILID)")
    check(email_id in data[0], "a copy keeps its EMAILID: %r" % data)
    m.store(m.search(None, "SUBJECT", "m1-" + tag)[1][0].split()[-1], "+FLAGS", "(\\Deleted)")
    m.expunge()
    m.delete('"%s"' % box)
    m.logout()


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
