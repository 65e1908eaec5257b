"""QUOTA (RFC 9208), COMPRESS=DEFLATE (RFC 4978) and BINARY (RFC 3516) with Python's imaplib against the platform.

Each subcommand is one scenario (ImapQuotaE2ETest runs them). The quota scenario makes an account of its own
through the admin API (a small quota must not disturb the shared e2e account) and deletes it at the end. The
compress scenario drives imaplib over a raw-deflate stream (zlib, wbits=-15) inside implicit TLS.
"""
import imaplib
import os
import re
import smtplib
import ssl
import sys
import time
import uuid
import zlib

from mailtest import api
import imap_e2e
from imap_e2e import check, tls_context

SMTP_PORT = int(os.environ["SMTP_PORT"])
IMAPS_PORT = int(os.environ["IMAPS_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]
DOMAIN = USER.split("@")[1]

imaplib.Commands.setdefault("COMPRESS", ("NONAUTH", "AUTH", "SELECTED"))
imaplib.Commands.setdefault("GETQUOTAROOT", ("AUTH", "SELECTED"))


class CompressingIMAP(imaplib.IMAP4_SSL):
    """imaplib with COMPRESS DEFLATE: every send deflated and SYNC_FLUSHed, every read inflated."""

    inflate = None

    def compress(self):
        typ, data = self._simple_command("COMPRESS", "DEFLATE")
        if typ == "OK":
            self.deflate = zlib.compressobj(wbits=-15)
            self.inflate = zlib.decompressobj(wbits=-15)
            self.plain = b""
        return typ, data

    def send(self, data):
        if self.inflate is not None:
            data = self.deflate.compress(data) + self.deflate.flush(zlib.Z_SYNC_FLUSH)
        super().send(data)

    def _fill(self):
        chunk = self.file.read1(65536)
        if not chunk:
            raise imaplib.IMAP4.abort("socket closed")
        self.plain += self.inflate.decompress(chunk)

    def read(self, size):
        if self.inflate is None:
            return super().read(size)
        while len(self.plain) < size:
            self._fill()
        out, self.plain = self.plain[:size], self.plain[size:]
        return out

    def readline(self):
        if self.inflate is None:
            return super().readline()
        while b"\n" not in self.plain:
            self._fill()
        i = self.plain.index(b"\n") + 1
        out, self.plain = self.plain[:i], self.plain[i:]
        return out


def message(subject, body):
    return ("From: <alice@outside.test>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n"
            "Date: Wed, 25 Nov 2026 08:00:00 +0000\r\n\r\n%s" % (USER, subject, uuid.uuid4(), body)).encode()


def quota():
    """GETQUOTAROOT/GETQUOTA report the admin API's quota; APPEND and COPY over it answer NO [OVERQUOTA]."""
    address = "quota-%s@%s" % (uuid.uuid4().hex[:8], DOMAIN)
    password = "pw-" + uuid.uuid4().hex
    status, body, _ = api("POST", "/api/v1/accounts", {"address": address, "password": password, "quotaBytes": 20000})
    check(status == 201, "account with a 20000-octet quota created (got %s %s)" % (status, body))
    try:
        m = imaplib.IMAP4_SSL("127.0.0.1", IMAPS_PORT, ssl_context=tls_context(), timeout=30)
        m.login(address, password)
        caps = m.capability()[1][0].split()
        check(b"QUOTA" in caps and b"QUOTA=RES-STORAGE" in caps, "QUOTA and QUOTA=RES-STORAGE are advertised")
        typ, data = m.getquotaroot("INBOX")
        check(typ == "OK" and data[0] == [b'"INBOX" ""'], "GETQUOTAROOT INBOX names the account's root: %s" % data)
        check(data[1] == [b'"" (STORAGE 0 20)'], "and its QUOTA: nothing used of 20 KiB: %s" % data[1])
        body = "x" * 8000 + "\r\n"
        for i in range(2):
            typ, data = m.append("INBOX", None, None, message("quota %d" % i, body))
            check(typ == "OK", "APPEND %d under the quota" % i)
        typ, data = m.getquota('""')
        used = re.match(rb'"" \(STORAGE (\d+) 20\)$', data[0])
        check(typ == "OK" and used and 15 <= int(used.group(1)) <= 17, "GETQUOTA shows about 16 KiB used of 20: %s" % data)
        typ, data = m.append("INBOX", None, None, message("quota 2", body))
        check(typ == "NO" and data[0].startswith(b"[OVERQUOTA]"), "APPEND over the quota: NO [OVERQUOTA] (%s %s)" % (typ, data))
        m.select("INBOX")
        typ, data = m.copy("1", "Archive")
        check(typ == "NO" and data[0].startswith(b"[OVERQUOTA]"), "COPY over the quota: NO [OVERQUOTA] (%s %s)" % (typ, data))
        typ, data = m.setquota('""', "(STORAGE 100000)")
        check(typ == "NO", "SETQUOTA is refused: %s %s" % (typ, data))
        typ, data = m.getquota('""')
        check(data[0].endswith(b" 20)"), "and changed nothing")
        m.logout()
    finally:
        api("DELETE", "/api/v1/accounts/" + address)


def compress():
    """COMPRESS inside TLS: quota, APPEND and FETCH of a 3 MB message, a FETCH of many, IDLE woken by SMTP."""
    m = CompressingIMAP("127.0.0.1", IMAPS_PORT, ssl_context=tls_context(), timeout=30)
    try:
        typ, data = m.compress()
    except imaplib.IMAP4.error as e:
        typ, data = "BAD", [str(e).encode()]
    check(typ != "OK" and m.inflate is None, "COMPRESS before login is refused: %s %s" % (typ, data))
    m.login(USER, PASSWORD)
    check(b"COMPRESS=DEFLATE" in m.capability()[1][0].split(), "COMPRESS=DEFLATE is advertised")
    typ, data = m.compress()
    check(typ == "OK" and m.inflate is not None, "COMPRESS DEFLATE: %s %s" % (typ, data))
    typ, data = m.compress()
    check(typ == "NO" and data[0].startswith(b"[COMPRESSIONACTIVE]"), "a second COMPRESS: NO [COMPRESSIONACTIVE]")
    typ, data = m.getquotaroot("INBOX")
    check(typ == "OK", "GETQUOTAROOT works compressed: %s" % data)

    box = "compress-" + uuid.uuid4().hex[:8]
    check(m.create(box)[0] == "OK", "CREATE " + box)
    big = "".join("line %07d %s\r\n" % (i, uuid.uuid4().hex) for i in range(60000)).encode()
    raw = message("big " + box, "") + big
    check(m.append(box, None, None, raw)[0] == "OK", "APPEND of %d octets through the compressed stream" % len(raw))
    for i in range(200):
        m.append(box, None, None, message("small %d %s" % (i, box), "body %d\r\n" % i))
    m.select(box)
    typ, data = m.fetch("1", "(BODY.PEEK[])")
    check(typ == "OK" and data[0][1] == raw, "FETCH BODY[] gives the %d octets back byte for byte" % len(raw))
    typ, data = m.fetch("1:*", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    subjects = [d[1] for d in data if isinstance(d, tuple)]
    check(typ == "OK" and len(subjects) == 201 and b"small 199" in subjects[-1], "FETCH 1:* of 201 messages")

    m.select("INBOX")
    tag = m._new_tag()
    m.send(tag + b" IDLE\r\n")
    check(m.readline().startswith(b"+"), "IDLE continuation, compressed")
    subject = "idle " + uuid.uuid4().hex
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        s.sendmail("alice@outside.test", [USER], message(subject, "wake up\r\n"))
    deadline = time.time() + 30
    woke = False
    while time.time() < deadline and not woke:
        line = m.readline()
        woke = line.startswith(b"* ") and line.rstrip().endswith(b"EXISTS")
    check(woke, "the delivery woke IDLE with EXISTS through the compressed stream")
    m.send(b"DONE\r\n")
    line = m.readline()
    while not line.startswith(tag):
        line = m.readline()
    check(b"OK" in line, "IDLE ended: %s" % line)
    m.select(box)
    m.store("1:*", "+FLAGS", "\\Deleted")
    m.expunge()
    m.close()
    check(m.delete(box)[0] == "OK", "DELETE " + box)
    typ, data = m.logout()
    check(typ == "BYE", "LOGOUT's BYE came through the compressed stream")


def binary():
    """FETCH BINARY decodes base64 and quoted-printable parts; APPEND with a literal8 stores binary content as is."""
    m = imaplib.IMAP4_SSL("127.0.0.1", IMAPS_PORT, ssl_context=tls_context(), timeout=30)
    m.login(USER, PASSWORD)
    check(b"BINARY" in m.capability()[1][0].split(), "BINARY is advertised")
    box = "binary-" + uuid.uuid4().hex[:8]
    check(m.create(box)[0] == "OK", "CREATE " + box)
    blob = bytes(range(256)) * 40
    import base64
    msg = ("From: <alice@outside.test>\r\nTo: <%s>\r\nSubject: binary\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
           "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
           "caf=C3=A9 au =\r\nlait\r\n"
           "--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n"
           "--b1\r\nContent-Type: application/x-thing\r\nContent-Transfer-Encoding: x-weird\r\n\r\nzzz\r\n"
           "--b1--\r\n") % (USER, base64.encodebytes(blob).decode().replace("\n", "\r\n"))
    check(m.append(box, None, None, msg.encode())[0] == "OK", "APPEND of a multipart message")
    m.select(box)
    typ, data = m.fetch("1", "(BINARY.PEEK[2] BINARY.SIZE[2])")
    check(typ == "OK" and data[0][1] == blob, "BINARY.PEEK[2] is the decoded base64 attachment (%d octets, NULs included)" % len(blob))
    check(b"BINARY.SIZE[2] %d" % len(blob) in data[1], "BINARY.SIZE[2] is its decoded size: %s" % data[1])
    typ, data = m.fetch("1", "(BINARY.PEEK[1])")
    check(data[0][1].rstrip(b"\r\n") == "café au lait".encode(), "BINARY[1] undoes quoted-printable: %r" % data[0][1])
    typ, data = m.fetch("1", "(BINARY.PEEK[2]<256.16>)")
    check(data[0][1] == bytes(range(16)), "a partial BINARY counts decoded octets")
    typ, data = m.fetch("1", "(BINARY.PEEK[3])")
    check(typ == "NO" and b"[UNKNOWN-CTE]" in data[0], "an unknown encoding: NO [UNKNOWN-CTE] (%s %s)" % (typ, data))
    typ, data = m.fetch("1", "(FLAGS)")
    check(b"\\Seen" not in data[0], "BINARY.PEEK did not set \\Seen")
    m.fetch("1", "(BINARY[1])")
    check(b"\\Seen" in m.fetch("1", "(FLAGS)")[1][0], "BINARY without PEEK sets \\Seen")

    raw = b"Subject: raw\r\n\r\nnul\x00byte and \xff\r\n"
    tag = m._new_tag()
    m.send(tag + b" APPEND " + box.encode() + b" ~{%d}\r\n" % len(raw))
    check(m.readline().startswith(b"+"), "APPEND ~{n}: continuation")
    m.send(raw + b"\r\n")
    line = m.readline()
    while not line.startswith(tag):
        line = m.readline()
    check(b"OK" in line, "APPEND with a literal8 accepted: %s" % line)
    m.select(box)
    typ, data = m.fetch("2", "(BODY.PEEK[] BINARY.PEEK[1])")
    check(b"\0" not in data[0][1] and b"Content-Transfer-Encoding: base64" in data[0][1],
          "BODY[] carries no NUL: the part was stored base64-encoded (a literal may not hold NUL)")
    check(data[1][1] == b"nul\x00byte and \xff\r\n", "BINARY[1] gives the octets back as they were sent: %r" % data[1][1])
    m.close()
    check(m.delete(box)[0] == "OK", "DELETE " + box)
    m.logout()


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
