"""LIST/LSUB, subscriptions, LIST-EXTENDED, SPECIAL-USE, LIST-STATUS and Unicode mailbox names (issue 14) with
Python's imaplib and mutt against the running platform.

Each subcommand is one scenario (ImapListE2ETest runs them). They share the e2e account with the other scenarios,
so every folder they make lives under a root with a random tag. Implicit TLS on IMAPS_PORT.
"""
import base64
import os
import re
import socket
import ssl
import sys
import tempfile
import time
import uuid

import imap_e2e
from imap_e2e import check, connect

IMAPS_PORT = int(os.environ["IMAPS_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]


def untagged(m, name):
    out = [d for d in m.untagged_responses.pop(name, []) if d is not None]
    return [d if isinstance(d, bytes) else d[0] + d[1] for d in out]


def run(m, *args):
    """A command through imaplib as typed (imaplib quotes nothing), its tagged result and the LIST/LSUB/STATUS data."""
    m.untagged_responses.clear()
    try:
        typ, _ = m._simple_command(*args)
    except m.error as e:
        return "BAD", str(e), []
    lines = untagged(m, args[0] if args[0] != "LSUB" else "LSUB")
    return typ, "", lines


def names(lines):
    """mailbox name -> its LIST/LSUB line."""
    return {re.search(rb'"/" (.*?)(?: \("CHILDINFO".*)?$', l).group(1).strip(b'"').decode("utf-8"): l for l in lines}


class Raw:
    """Bytes on the wire, for what imaplib cannot send (APPEND's UTF8 (~{n}...) form)."""

    def __init__(self):
        self.s = imap_e2e.tls_context().wrap_socket(socket.create_connection(("127.0.0.1", IMAPS_PORT), timeout=30))
        self.f = self.s.makefile("rb")
        self.f.readline()
        self.n = 0

    def cmd(self, text):
        self.n += 1
        tag = b"r%d" % self.n
        self.s.sendall(tag + b" " + text + b"\r\n")
        lines = []
        while True:
            line = self.f.readline()
            lines.append(line)
            if line.startswith(tag + b" "):
                return lines


def listext():
    tag = uuid.uuid4().hex[:8]
    r = "lx-" + tag
    m = connect(starttls=False)
    caps = m.capabilities
    for c in ("LIST-EXTENDED", "LIST-STATUS", "SPECIAL-USE", "CREATE-SPECIAL-USE", "UTF8=ACCEPT"):
        check(c in caps, "CAPABILITY has " + c)
    for f in ("test", "test2", "test2/test", "test3/test4/test5", "gone"):
        check(m.create("%s/%s" % (r, f))[0] == "OK", "CREATE %s/%s" % (r, f))

    # RFC 3501 6.3.8: a parent that exists only as hierarchy is listed with \Noselect
    typ, _, lines = run(m, "LIST", '""', r + "/%")
    got = names(lines)
    check(typ == "OK" and set(got) == {r + "/test", r + "/test2", r + "/test3", r + "/gone"}, "LIST %% lists hierarchy-only parents: %s" % list(got))
    check(b"\\Noselect" in got[r + "/test3"] and b"\\HasChildren" in got[r + "/test3"], "... test3 is \\Noselect \\HasChildren")
    check(b"\\HasChildren" in got[r + "/test2"] and b"\\HasNoChildren" in got[r + "/test"], "\\HasChildren / \\HasNoChildren")
    typ, _, lines = run(m, "LIST", '""', r + "/%/%")
    check(set(names(lines)) == {r + "/test2/test", r + "/test3/test4"}, "LIST %/% lists the second level")
    typ, _, lines = run(m, "LIST", '""', r + "/%", "RETURN", "(CHILDREN)")
    check(b"\\NonExistent" in names(lines)[r + "/test3"], "LIST-EXTENDED says \\NonExistent")

    # CREATE does not subscribe (as Dovecot)
    typ, _, lines = run(m, "LSUB", '""', r + "/*")
    check(typ == "OK" and lines == [], "CREATE does not subscribe")
    for f in ("test", "test2/test", "test3/test4/test5", "gone"):
        check(m.subscribe("%s/%s" % (r, f))[0] == "OK", "SUBSCRIBE " + f)
    # RFC 3501 6.3.9: LSUB % lists the unsubscribed parent of a subscribed child as \Noselect
    typ, _, lines = run(m, "LSUB", '""', r + "/%")
    got = names(lines)
    check(set(got) == {r + "/test", r + "/test2", r + "/test3", r + "/gone"}, "LSUB %% with parents: %s" % list(got))
    check(b"\\Noselect" in got[r + "/test2"] and b"\\Noselect" in got[r + "/test3"] and b"\\Noselect" not in got[r + "/test"],
          "... the parents are \\Noselect")

    # RFC 3501 6.3.6: DELETE keeps the subscription; LIST-EXTENDED reports \Subscribed \NonExistent
    check(m.delete(r + "/gone")[0] == "OK", "DELETE a subscribed mailbox")
    typ, _, lines = run(m, "LIST", "(SUBSCRIBED)", '""', r + "/*")
    got = names(lines)
    check(set(got) == {r + "/test", r + "/test2/test", r + "/test3/test4/test5", r + "/gone"}, "LIST (SUBSCRIBED): %s" % list(got))
    check(b"\\Subscribed" in got[r + "/gone"] and b"\\NonExistent" in got[r + "/gone"] and b"\\Noselect" not in got[r + "/gone"],
          "the deleted one is \\Subscribed \\NonExistent")
    # RFC 9051 6.3.6: RENAME leaves subscriptions alone
    check(m.rename(r + "/test", r + "/moved")[0] == "OK", "RENAME")
    typ, _, lines = run(m, "LIST", '""', r + "/%", "RETURN", "(SUBSCRIBED)")
    got = names(lines)
    check(b"\\Subscribed" not in got[r + "/moved"], "the new name is not subscribed")
    typ, _, lines = run(m, "LSUB", '""', r + "/test")
    check(len(lines) == 1, "the old name stays subscribed")

    # RECURSIVEMATCH and CHILDINFO (RFC 5258 3.5)
    typ, _, lines = run(m, "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', r + "/%", "RETURN", "(CHILDREN)")
    got = names(lines)
    check(b'("CHILDINFO" ("SUBSCRIBED"))' in got.get(r + "/test2", b"") and b"\\HasChildren" in got[r + "/test2"],
          "test2 comes with CHILDINFO (SUBSCRIBED): %s" % got.get(r + "/test2"))
    check(b"\\Subscribed" not in got[r + "/test2"] and b"CHILDINFO" in got[r + "/test3"], "test3 too, and neither is \\Subscribed")
    typ, _, lines = run(m, "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "(%s/test2 %s/test2/test)" % (r, r))
    got = names(lines)
    check(r + "/test2" not in got and r + "/test2/test" in got, "no CHILDINFO when the child is listed itself")

    # unknown options are BAD (RFC 5258 section 3); REMOTE is accepted
    for bad in (("(imaptest)", '""', '""'), ("(RECURSIVEMATCH)", '""', '""'), ("(RECURSIVEMATCH REMOTE)", '""', '""'),
                ('""', '""', "RETURN", "(imaptest)")):
        typ, _, _ = run(m, "LIST", *bad)
        check(typ == "BAD", "LIST %s is BAD" % " ".join(bad))
    check(run(m, "LIST", "(REMOTE)", '""', r + "/%")[0] == "OK", "LIST (REMOTE) is OK")

    # SPECIAL-USE (RFC 6154): the selection and return options, CREATE (USE ...) answers
    typ, _, lines = run(m, "LIST", "(SPECIAL-USE)", '""', "*", "RETURN", "(SPECIAL-USE)")
    got = names(lines)
    check({"Drafts", "Sent", "Trash", "Junk", "Archive"} <= set(got) and all(re.search(rb"\\(Drafts|Sent|Trash|Junk|Archive|All|Flagged)", l) for l in lines),
          "LIST (SPECIAL-USE) lists only folders with a use")
    typ, data = m._simple_command("CREATE", r + "/Ablage", "(USE (\\Archive))")
    check(typ == "NO" and b"[USEATTR]" in data[0], "CREATE (USE (\\Archive)) while Archive has it: NO [USEATTR]")
    typ, data = m._simple_command("CREATE", r + "/Alle", "(USE (\\All))")
    check(typ == "NO" and b"[USEATTR]" in data[0], "CREATE (USE (\\All)): NO [USEATTR], not supported")

    # LIST-STATUS (RFC 5819): STATUS after each selectable mailbox's LIST, none for \NonExistent ones
    m.untagged_responses.clear()
    typ, _ = m._simple_command("LIST", '""', r + "/%", "RETURN", "(STATUS (MESSAGES UIDNEXT UNSEEN))")
    statuses = untagged(m, "STATUS")
    check(typ == "OK" and len(statuses) == 2 and any(b"/test2\" (MESSAGES 0 UIDNEXT 1 UNSEEN 0)" in s for s in statuses),
          "LIST-STATUS: a STATUS for test2 and moved, none for test3: %s" % statuses)
    check(not any(b"test3" in s for s in statuses), "no STATUS for a \\NonExistent parent")
    m.logout()


def utf8():
    tag = uuid.uuid4().hex[:8]
    r = "u8-" + tag
    rev1 = connect(starttls=False)
    # modified UTF-7 for a rev1 client (RFC 3501 5.1.3)
    check(rev1.create(r + "/p&AOQA5A-")[0] == "OK", "CREATE in modified UTF-7")
    typ, _, lines = run(rev1, "LIST", '""', r + "/*")
    check(list(names(lines)) == [r + "/p&AOQA5A-"], "LIST answers in modified UTF-7")
    typ, data = rev1.status(r + "/p&AOQA5A-", "(MESSAGES)")
    check(typ == "OK" and data[0] == ('"%s/p&AOQA5A-" (MESSAGES 0)' % r).encode(), "STATUS in modified UTF-7")
    for bad in ("&AGE-", "&AOQ", "&U,BTFw-&ZeVnLIqe-"):
        typ, _ = rev1._simple_command("CREATE", '"%s/%s"' % (r, bad))
        check(typ == "NO", "CREATE %s (not modified UTF-7) is NO" % bad)
    rev1._encoding = "utf-8"
    typ, _ = rev1._simple_command("CREATE", '"%s/pää"' % r)
    check(typ == "NO", "8-bit name from a rev1 client is NO")

    # UTF-8 after ENABLE UTF8=ACCEPT (RFC 6855), the same mailbox
    u = connect(starttls=False)
    u.untagged_responses.clear()
    typ, data = u.enable("UTF8=ACCEPT")
    check(typ == "OK" and b"UTF8=ACCEPT" in b" ".join(u.untagged_responses.get("ENABLED", [b""])), "ENABLE UTF8=ACCEPT")
    typ, _, lines = run(u, "LIST", '""', r + "/*")
    check(list(names(lines)) == [r + "/pää"], "LIST answers in UTF-8: %s" % lines)
    raw = Raw()
    raw.cmd(b"LOGIN " + USER.encode() + b' "' + PASSWORD.encode() + b'"')
    check(raw.cmd(b"ENABLE UTF8=ACCEPT")[-1].startswith(b"r2 OK"), "raw: ENABLE UTF8=ACCEPT")
    msg = ("From: Jürgen <j@outside.test>\r\nSubject: Grüße %s\r\n\r\nHallo\r\n" % tag).encode()
    reply = raw.cmd(('APPEND "%s/pää" UTF8 (~{%d+}\r\n' % (r, len(msg))).encode() + msg + b")")
    check(reply[-1].startswith(b"r3 OK") and b"APPENDUID" in reply[-1], "APPEND UTF8 (~{..}) into a UTF-8 name: %s" % reply)
    reply = raw.cmd(('STATUS "%s/pää" (MESSAGES)' % r).encode())
    check(('* STATUS "%s/pää" (MESSAGES 1)' % r).encode() in reply[0], "STATUS by its UTF-8 name: %s" % reply)
    raw.s.close()
    typ, data = rev1.select(r + "/p&AOQA5A-")
    check(typ == "OK" and data[0] == b"1", "the rev1 client sees the same mailbox with the message")
    rev1.logout()
    # IMAP4rev2 clients get UTF-8 too (RFC 9051 5.1)
    v2 = connect(starttls=False)
    v2.enable("IMAP4rev2")
    typ, _, lines = run(v2, "LIST", '""', r + "/*")
    check(list(names(lines)) == [r + "/pää"], "an IMAP4rev2 session gets UTF-8 names")
    v2.logout()
    # RFC 9051 section 9: 8-bit only in quoted strings and literals, never in atoms
    check(u.delete('"%s/pää"' % r)[0] == "OK", "DELETE by the UTF-8 name")
    u.logout()


def mutt_unicode():
    """mutt over a Unicode folder: opens Entwürfe-<tag>/Übersicht, reads a message, moves one in from another folder."""
    tag = uuid.uuid4().hex[:8]
    folder = "Entwürfe-%s/Übersicht" % tag
    source = "mutt-src-" + tag
    m = connect(starttls=False)
    check(m.create(mutf7(folder))[0] == "OK", "imaplib CREATE %s (modified UTF-7)" % folder)
    check(m.create(source)[0] == "OK", "CREATE " + source)
    for i in range(2):
        m.append(mutf7(folder), None, None, ("From: alice@outside.test\r\nSubject: uni %s %d\r\nDate: Wed, 25 Nov 2026 08:0%d:00 +0000\r\n\r\nbody %d\r\n"
                                                     % (tag, i, i, i)).encode())
    m.append(source, None, None, ("From: alice@outside.test\r\nSubject: uni %s moved\r\n\r\nmoved\r\n" % tag).encode())
    m.logout()
    home = tempfile.mkdtemp()
    rc = os.path.join(home, "muttrc")
    with open(rc, "w", encoding="utf-8") as f:
        f.write("\n".join([
            'set charset="utf-8"',
            'set folder="imaps://%s@127.0.0.1:%d/"' % (USER.replace("@", "%40"), IMAPS_PORT),
            'set imap_user="%s"' % USER, 'set imap_pass="%s"' % PASSWORD,
            'set spoolfile="=%s"' % folder, 'set record=""', 'set postponed="=Drafts"',
            'set certificate_file="%s"' % os.environ.get("TLS_CERT", ""), "set ssl_verify_host=no", "set ssl_verify_dates=no",
            "set sort=date-sent", "set delete=yes", "set confirmappend=no", "set confirmcreate=no", "set quit=yes",
            "set move=no", "set resolve=no", "set mark_old=no", "set pager_stop=yes", "set wait_key=no", "set beep=no",
            "set imap_check_subscribed=no", "set timeout=5", 'set header_cache=""', 'set message_cachedir=""', ""]))
    # read message 0 in the Unicode folder, then go to the source folder and save its message into the Unicode one
    keys = ("<first-entry><display-message><exit><change-folder>=%s<enter><first-entry><save-message>=%s<enter>"
            "<sync-mailbox><quit>") % (source, folder)
    imap_e2e.run_mutt(rc, keys, HOME=home, LC_ALL="C.UTF-8")
    m = connect(starttls=False)
    typ, data = m.select(mutf7(folder))
    check(typ == "OK", "the Unicode folder still opens")
    typ, data = m.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    seen = {}
    for d in data:
        if isinstance(d, tuple):
            seen[re.search(rb"uni \S+ (\S+)", d[1]).group(1).decode()] = d[0]
    check(set(seen) == {"0", "1", "moved"}, "mutt moved the message into the Unicode folder: %s" % list(seen))
    check(b"\\Seen" in seen["0"] and b"\\Seen" not in seen["1"], "mutt read message 0 there")
    m.select(source)
    check(m.search(None, "ALL")[1][0] == b"", "the source folder is empty")
    m.close()
    # a UTF-8 session sees the same folder by its real name
    typ, data = m.enable("UTF8=ACCEPT")
    typ, _, lines = run(m, "LIST", '""', '"Entwürfe-%s/*"' % tag)
    check(list(names(lines)) == [folder], "UTF-8 LIST shows %s" % folder)
    m.logout()


def mutf7(name):
    """Modified UTF-7 (RFC 3501 5.1.3) as a client encodes it, independently of the server's code."""
    out, i = [], 0
    while i < len(name):
        c = name[i]
        if 0x20 <= ord(c) <= 0x7e:
            out.append("&-" if c == "&" else c)
            i += 1
            continue
        j = i
        while j < len(name) and not 0x20 <= ord(name[j]) <= 0x7e:
            j += 1
        b = base64.b64encode(name[i:j].encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
        out.append("&" + b + "-")
        i = j
    return "".join(out)


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
