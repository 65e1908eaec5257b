"""CONDSTORE and QRESYNC (RFC 7162) with Python's imaplib against the running platform (ImapCondstoreE2ETest).

`thunderbird` replays how Thunderbird resynchronizes a folder it has cached: ENABLE QRESYNC, then
SELECT folder (QRESYNC (uidvalidity highestmodseq known-uids)) after a second session changed flags, expunged and
appended while the first was away; the server must answer in that one round trip with VANISHED (EARLIER) and the
changed FLAGS. Then the rest of RFC 7162 a client relies on: UID FETCH (CHANGEDSINCE n VANISHED), conditional
STORE with MODIFIED, VANISHED instead of EXPUNGE (NOOP, IDLE, own EXPUNGE with HIGHESTMODSEQ), SEARCH MODSEQ,
STATUS HIGHESTMODSEQ, OK [CLOSED]. Every scenario works in a folder of its own.

mbsync (isync 1.4.4) and OfflineIMAP 8 as installed here use neither CONDSTORE nor QRESYNC, so imaplib is the client.
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


def raw(m, *words):
    """A command imaplib has no method for; returns (status, tagged text, untagged lines as bytes)."""
    m.untagged_responses.clear()
    tag = m._new_tag()
    m.send(tag + b" " + " ".join(words).encode() + b"\r\n")
    lines = []
    while True:
        line = m._get_line()
        if line.startswith(tag + b" "):
            status, _, text = line[len(tag) + 1:].partition(b" ")
            return status.decode(), text.decode(), lines
        lines.append(line)


def code(lines, name):
    """The value of an untagged OK [NAME value] response code, or None."""
    for l in lines:
        mt = re.match(rb"\* OK \[" + name.encode() + rb"(?: ([^\]]*))?\]", l)
        if mt:
            return (mt.group(1) or b"").decode()
    return None


def fetches(lines):
    """uid -> (flags set, modseq) of the untagged FETCH lines."""
    out = {}
    for l in lines:
        mt = re.match(rb"\* \d+ FETCH \((.*)\)$", l)
        if not mt:
            continue
        body = mt.group(1).decode()
        uid = int(re.search(r"UID (\d+)", body).group(1))
        flags = re.search(r"FLAGS \(([^)]*)\)", body)
        modseq = re.search(r"MODSEQ \((\d+)\)", body)
        out[uid] = (set(flags.group(1).split()) if flags else None, int(modseq.group(1)) if modseq else None)
    return out


def uid_set(line):
    """The UIDs of '* VANISHED [(EARLIER)] set'."""
    text = line.decode().split(" ", 2)[2].replace("(EARLIER) ", "")
    uids = set()
    for part in text.split(","):
        a, _, b = part.partition(":")
        uids.update(range(int(a), int(b or a) + 1))
    return uids


def vanished(lines, earlier):
    prefix = b"* VANISHED (EARLIER) " if earlier else b"* VANISHED "
    found = [l for l in lines if l.startswith(prefix) and (earlier or not l.startswith(b"* VANISHED (EARLIER)"))]
    return set().union(*[uid_set(l) for l in found]) if found else set()


def new_folder(m, n):
    box = "qr-" + uuid.uuid4().hex[:8]
    check(m.create(box)[0] == "OK", "CREATE " + box)
    for i in range(n):
        m.append(box, None, None, ("Subject: qresync %d\r\n\r\nbody %d\r\n" % (i, i)).encode())
    return box


def thunderbird():
    a = connect()
    caps = a.capabilities
    check("CONDSTORE" in caps and "QRESYNC" in caps, "CONDSTORE and QRESYNC are advertised")
    box = new_folder(a, 5)

    # first visit: Thunderbird enables QRESYNC, selects, caches UIDs, flags and HIGHESTMODSEQ
    status, text, lines = raw(a, "ENABLE", "QRESYNC")
    check(status == "OK" and b"* ENABLED QRESYNC" in lines, "ENABLE QRESYNC answers ENABLED QRESYNC")
    status, text, lines = raw(a, "SELECT", box)
    uidvalidity = int(code(lines, "UIDVALIDITY"))
    modseq = int(code(lines, "HIGHESTMODSEQ"))
    check(status == "OK" and modseq > 0, "SELECT tells HIGHESTMODSEQ %d" % modseq)
    status, text, lines = raw(a, "UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE", "0)")
    cache = fetches(lines)
    uids = sorted(cache)
    check(len(uids) == 5 and all(ms is not None for _, ms in cache.values()), "CHANGEDSINCE 0 returns every message with MODSEQ")
    a.logout()

    # while Thunderbird is away another client flags, expunges and appends
    b = connect()
    b.select(box)
    b.uid("STORE", str(uids[1]), "+FLAGS", "(\\Seen)")
    b.uid("STORE", str(uids[2]), "+FLAGS", "($Label1)")
    b.uid("STORE", "%d,%d" % (uids[3], uids[4]), "+FLAGS", "(\\Deleted)")
    b.expunge()
    b.append(box, None, None, b"Subject: qresync new\r\n\r\nnew\r\n")

    # second visit: one SELECT brings the cache up to date
    a = connect()
    raw(a, "ENABLE", "QRESYNC")
    status, text, lines = raw(a, "SELECT", box, "(QRESYNC", "(%d %d %d:%d))" % (uidvalidity, modseq, uids[0], uids[-1]))
    check(status == "OK", "SELECT (QRESYNC (uidvalidity modseq known-uids)) is accepted: " + text)
    check(vanished(lines, True) == {uids[3], uids[4]}, "VANISHED (EARLIER) names exactly the two expunged UIDs: %s" % lines)
    changed = fetches(lines)
    check(set(changed) == {uids[1], uids[2]}, "FETCH only for the changed known messages: %s" % changed)
    check("\\Seen" in changed[uids[1]][0] and "$Label1" in changed[uids[2]][0], "with their new FLAGS")
    check(all(ms > modseq for _, ms in changed.values()), "and MODSEQs above the cached HIGHESTMODSEQ")
    check(int(code(lines, "HIGHESTMODSEQ")) > modseq, "HIGHESTMODSEQ moved on")
    check(any(l.endswith(b" EXISTS") and l == b"* 4 EXISTS" for l in lines), "4 messages now (3 left + 1 new)")
    a.state = "SELECTED"

    # the same question as a UID FETCH (how Thunderbird catches up on a folder it keeps open)
    status, text, lines = raw(a, "UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE", "%d" % modseq, "VANISHED)")
    check(status == "OK" and vanished(lines, True) == {uids[3], uids[4]}, "UID FETCH (CHANGEDSINCE VANISHED) reports the expunged")
    check(set(fetches(lines)) == {uids[1], uids[2], max(uids) + 1}, "and the changed and new messages")

    # conditional STORE: the message another client changed is refused, the untouched one is flagged
    status, text, lines = raw(a, "UID", "STORE", "%d,%d" % (uids[0], uids[1]), "(UNCHANGEDSINCE %d)" % modseq, "+FLAGS.SILENT", "(\\Flagged)")
    check(status == "OK" and text.startswith("[MODIFIED %d]" % uids[1]), "UNCHANGEDSINCE refuses the changed message: " + text)
    done = fetches(lines)
    check(set(done) == {uids[0]} and done[uids[0]][1] > modseq, ".SILENT still tells the new MODSEQ of the stored one")

    # SEARCH MODSEQ and STATUS HIGHESTMODSEQ
    status, text, lines = raw(a, "UID", "SEARCH", "MODSEQ", str(modseq + 1))
    mt = re.match(rb"\* SEARCH ([\d ]+) \(MODSEQ (\d+)\)", lines[0]) if lines else None
    check(mt and set(map(int, mt.group(1).split())) == {uids[0], uids[1], uids[2], max(uids) + 1}, "SEARCH MODSEQ: %s" % lines)
    status, text, lines = raw(a, "STATUS", box, "(HIGHESTMODSEQ MESSAGES)")
    check(re.search(rb"HIGHESTMODSEQ \d+ MESSAGES 4", lines[0]) is not None, "STATUS HIGHESTMODSEQ: %s" % lines)

    # another session's expunge reaches a QRESYNC session as VANISHED, at NOOP and in IDLE
    b.select(box)
    b.uid("STORE", str(uids[0]), "+FLAGS", "(\\Deleted)")
    b.expunge()
    status, text, lines = raw(a, "NOOP")
    check(vanished(lines, False) == {uids[0]} and not any(l.endswith(b"EXPUNGE") for l in lines), "NOOP: VANISHED, not EXPUNGE: %s" % lines)
    check(code(lines, "HIGHESTMODSEQ") is not None, "with the new HIGHESTMODSEQ")
    tag = a._new_tag()
    a.send(tag + b" IDLE\r\n")
    check(a._get_line().startswith(b"+"), "IDLE")
    b.uid("STORE", str(uids[1]), "+FLAGS", "(\\Deleted)")
    b.expunge()
    line = a._get_line()
    while not line.startswith(b"* VANISHED"):
        line = a._get_line()
    check(uid_set(line) == {uids[1]}, "IDLE pushes VANISHED " + line.decode())
    a.send(b"DONE\r\n")
    while not a._get_line().startswith(tag + b" OK"):
        pass

    # own EXPUNGE: VANISHED and the new HIGHESTMODSEQ in the tagged OK
    raw(a, "UID", "STORE", str(uids[2]), "+FLAGS.SILENT", "(\\Deleted)")
    status, text, lines = raw(a, "EXPUNGE")
    check(vanished(lines, False) == {uids[2]}, "own EXPUNGE answers VANISHED: %s" % lines)
    check(status == "OK" and text.startswith("[HIGHESTMODSEQ "), "and HIGHESTMODSEQ in the tagged OK: " + text)

    # SELECT with a stale UIDVALIDITY: an ordinary SELECT (the client must start over); CLOSED marks the switch
    status, text, lines = raw(a, "SELECT", box, "(QRESYNC", "(%d %d))" % (uidvalidity + 1, modseq))
    check(status == "OK" and b"* OK [CLOSED] previous mailbox closed" in lines, "OK [CLOSED] when SELECT replaces a mailbox")
    check(not vanished(lines, True) and not fetches(lines), "a wrong UIDVALIDITY gets no VANISHED or FETCH")
    b.logout()
    a.logout()


def condstore():
    """A CONDSTORE-only client (no QRESYNC): SELECT (CONDSTORE), MODSEQ in flag-change FETCHes, EXPUNGE stays EXPUNGE."""
    a = connect()
    box = new_folder(a, 3)
    status, text, lines = raw(a, "SELECT", box, "(CONDSTORE)")
    modseq = int(code(lines, "HIGHESTMODSEQ"))
    a.state = "SELECTED"
    status, text, lines = raw(a, "STORE", "1", "+FLAGS", "(\\Seen)")
    f = fetches([l.replace(b"FETCH (FLAGS", b"FETCH (UID 0 FLAGS") for l in lines])
    check(f and list(f.values())[0][1] > modseq, "STORE's FETCH carries MODSEQ once CONDSTORE is on: %s" % lines)
    status, text, lines = raw(a, "STORE", "2", "(UNCHANGEDSINCE 0)", "+FLAGS", "(\\Seen)")
    check(text.startswith("[MODIFIED 2]"), "UNCHANGEDSINCE 0 always fails: " + text)
    status, text, lines = raw(a, "SELECT", box, "(QRESYNC", "(1 1))")
    check(status == "BAD", "SELECT (QRESYNC ...) before ENABLE QRESYNC is BAD")
    a.select(box)
    raw(a, "STORE", "3", "+FLAGS.SILENT", "(\\Deleted)")
    status, text, lines = raw(a, "EXPUNGE")
    check(b"* 3 EXPUNGE" in lines, "without QRESYNC an EXPUNGE is still EXPUNGE")
    status, text, lines = raw(a, "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE", "%d)" % modseq)
    check(len(lines) == 1 and b"MODSEQ" in lines[0], "FETCH CHANGEDSINCE returns only the changed message, with MODSEQ: %s" % lines)
    a.logout()


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
