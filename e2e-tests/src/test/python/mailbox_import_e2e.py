"""mailctl mailbox import/export against the running platform, with sources written by Python's own mailbox module
(the mbox and Maildir formats as Python, Postfix local and Dovecot write them) and results read over IMAP.

Subcommands (MailboxImportE2ETest runs them): make_sources DIR; check_imported USER PASSWORD; same USER_A USER_B
PASSWORD (every folder, message bytes, flags and INTERNALDATE equal). The environment gives IMAP_PORT.
"""
import email.utils
import imaplib
import mailbox
import os
import re
import ssl
import sys
import time

IMAP_PORT = int(os.environ["IMAP_PORT"])


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok -", what)


def msg(subject, body, date="Wed, 25 Nov 2026 08:00:00 +0000"):
    return ("Return-Path: <alice@outside.test>\nFrom: Alice <alice@outside.test>\nTo: demo@example.test\n"
            "Subject: %s\nDate: %s\nMessage-ID: <%s@outside.test>\n\n%s" % (subject, date, re.sub(r"\W", "", subject), body))


def make_sources(root):
    # mbox as Python's mailbox.mbox writes it (mboxo quoting of "From " body lines; Status/X-Status from flags),
    # the layout of /var/spool/mail/USER after Postfix local delivery and a mutt session
    box = mailbox.mbox(os.path.join(root, "spool"))
    m = mailbox.mboxMessage(msg("mbox one", "Hello\nFrom the start of a line\n"))
    m.set_from("alice@outside.test", time.gmtime(1_700_000_000))
    m.set_flags("ROAF")
    m["X-Keywords"] = "$Label1 Work"
    box.add(m)
    m = mailbox.mboxMessage(msg("mbox two", "unread\n"))
    m.set_from("MAILER-DAEMON", time.gmtime(1_700_100_000))
    box.add(m)
    m = mailbox.mboxMessage(msg("mbox three", "draft\n"))
    m.set_from("bob@outside.test", time.gmtime(1_700_200_000))
    m.set_flags("ROD")
    del m["X-Status"]
    m["X-Status"] = "TD"  # mutt's T (draft), which Python's mboxMessage has no flag for
    box.add(m)
    box.close()

    # Maildir++ as Python's mailbox.Maildir writes it, with Dovecot's dovecot-keywords for letter flags
    md = mailbox.Maildir(os.path.join(root, "Maildir"), create=True)
    m = mailbox.MaildirMessage(msg("maildir inbox", "in the inbox\n"))
    m.set_subdir("cur")
    m.set_flags("RSa")
    m.set_date(1_700_300_000)
    md.add(m)
    n = mailbox.MaildirMessage(msg("maildir new", "not seen yet\n"))
    n.set_date(1_700_300_100)
    md.add(n)
    with open(os.path.join(root, "Maildir", "dovecot-keywords"), "w") as f:
        f.write("0 Important\n")
    sent = md.add_folder("Sent")
    m = mailbox.MaildirMessage(msg("maildir sent", "I wrote this\n"))
    m.set_subdir("cur")
    m.set_flags("S")
    m.set_date(1_700_400_000)
    sent.add(m)
    deep = md.add_folder("Projects.Mail")
    m = mailbox.MaildirMessage(msg("maildir deep", "nested folder\n"))
    m.set_subdir("cur")
    m.set_flags("FS")
    m.set_date(1_700_500_000)
    deep.add(m)
    md.close()
    # a file that is no mail: reported and skipped, the run goes on
    with open(os.path.join(root, "Maildir", "cur", "1700000000.broken.host:2,S"), "w") as f:
        pass
    print("sources in", root)


def make_dovecot_maildir(root):
    """A Maildir written by Debian's Dovecot itself: a private dovecot (no listeners) and doveadm save/flags."""
    import pwd
    import subprocess
    nobody = pwd.getpwnam("nobody")
    for d in ("run", "state"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    os.chmod(root, 0o777)
    conf = os.path.join(root, "dovecot.conf")
    with open(conf, "w") as f:
        f.write("mail_location = maildir:%s/Maildir\nuserdb {\n  driver = static\n  args = uid=%d gid=%d home=%s\n}\n"
                "passdb {\n  driver = static\n  args = nopassword\n}\nbase_dir = %s/run\nstate_dir = %s/state\n"
                "protocols =\nssl = no\nlog_path = %s/dovecot.log\n" % (root, nobody.pw_uid, nobody.pw_gid, root, root, root, root))
    subprocess.run(["dovecot", "-c", conf], check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    doveadm = ["doveadm", "-c", conf]
    try:
        subprocess.run(doveadm + ["mailbox", "create", "-u", "tester", "Sent", "Lists.Dovecot"], check=True, timeout=30)
        subprocess.run(doveadm + ["save", "-u", "tester"], input=msg("dovecot inbox", "saved by doveadm\n").encode(), check=True, timeout=30)
        subprocess.run(doveadm + ["save", "-u", "tester", "-m", "Lists.Dovecot"], input=msg("dovecot list", "in a sub-folder\n").encode(),
                       check=True, timeout=30)
        subprocess.run(doveadm + ["flags", "add", "-u", "tester", "\\Seen \\Flagged $Label1 Work", "mailbox", "INBOX", "all"],
                       check=True, timeout=30)
    finally:
        subprocess.run(doveadm + ["stop"], timeout=30)
    print(open(os.path.join(root, "Maildir", "dovecot-keywords")).read())


def check_dovecot(user, password):
    m = login(user, password)
    fs = folders(m)
    check("Lists/Dovecot" in fs, "Dovecot's .Lists.Dovecot became Lists/Dovecot: %s" % sorted(fs))
    inbox = messages(m, "INBOX")
    check(inbox["dovecot inbox"][1] == {"\\Seen", "\\Flagged", "$Label1", "Work"}, "Dovecot's flags and keywords: %s" % inbox["dovecot inbox"][1])
    check("dovecot list" in messages(m, "Lists/Dovecot"), "the sub-folder's message")
    m.logout()


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def login(user, password):
    m = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=30)
    m.starttls(tls_context())
    m.login(user, password)
    return m


def folders(m):
    typ, data = m.list()
    out = {}
    for line in data:
        line = line.decode()
        attrs = line[line.index("(") + 1:line.index(")")].split()
        name = line.rsplit(" ", 1)[1].strip('"')
        if "\\Noselect" not in attrs and "\\NonExistent" not in attrs:
            out[name] = attrs
    return out


def messages(m, folder):
    """{subject: (bytes, flags, internaldate)} of a folder, read with BODY.PEEK[] so nothing changes."""
    typ, _ = m.select('"%s"' % folder, readonly=True)
    check(typ == "OK", "SELECT " + folder)
    typ, data = m.uid("FETCH", "1:*", "(FLAGS INTERNALDATE BODY.PEEK[])")
    out = {}
    for item in data:
        if not isinstance(item, tuple):
            continue
        meta, body = item[0].decode(), item[1]
        flags = set(re.search(r"FLAGS \(([^)]*)\)", meta).group(1).split()) - {"\\Recent"}
        date = imaplib.Internaldate2tuple(item[0])
        subject = re.search(rb"Subject: ([^\r\n]*)", body).group(1).decode()
        out[subject] = (body, flags, time.mktime(date))
    return out


def check_imported(user, password):
    m = login(user, password)
    fs = folders(m)
    check("Sent" in fs and "\\Sent" in fs["Sent"], "Maildir .Sent became Sent with \\Sent: %s" % fs)
    check("Projects/Mail" in fs, "Maildir .Projects.Mail became Projects/Mail: %s" % sorted(fs))
    inbox = messages(m, "INBOX")
    check(set(inbox) == {"mbox one", "mbox two", "mbox three", "maildir inbox", "maildir new"}, "INBOX holds both sources: %s" % sorted(inbox))
    one = inbox["mbox one"]
    check(one[1] == {"\\Seen", "\\Answered", "\\Flagged", "$Label1", "Work"}, "mbox Status/X-Status/X-Keywords flags: %s" % one[1])
    check(b"\r\nFrom the start of a line\r\n" in one[0], "mboxo quoting undone, CRLF line ends")
    check(b"Status:" not in one[0] and b"X-Keywords" not in one[0], "mbox status headers are flags, not content")
    check(abs(one[2] - 1_700_000_000) < 1, "INTERNALDATE from the From line: %s" % one[2])
    check(inbox["mbox two"][1] == set(), "unread mbox message has no flags")
    check(inbox["mbox three"][1] == {"\\Seen", "\\Draft", "\\Deleted"}, "T and D: %s" % inbox["mbox three"][1])
    check(inbox["maildir inbox"][1] == {"\\Seen", "\\Answered", "Important"}, "Maildir RS + dovecot-keywords a: %s" % inbox["maildir inbox"][1])
    check(abs(inbox["maildir inbox"][2] - 1_700_300_000) < 1, "Maildir INTERNALDATE from the mtime")
    check(inbox["maildir new"][1] == set(), "new/ is unseen")
    sent = messages(m, "Sent")
    check(sent["maildir sent"][1] == {"\\Seen"}, "Sent's message and flag")
    deep = messages(m, "Projects/Mail")
    check(deep["maildir deep"][1] == {"\\Seen", "\\Flagged"}, "nested folder's message and flags")
    m.logout()


def same(user_a, user_b, password):
    a, b = login(user_a, password), login(user_b, password)
    fa, fb = folders(a), folders(b)
    check(sorted(fa) == sorted(fb), "the same folders: %s / %s" % (sorted(fa), sorted(fb)))
    total = 0
    for f in fa:
        ma, mb = messages(a, f), messages(b, f)
        check(sorted(ma) == sorted(mb), "%s: the same messages" % f)
        for s in ma:
            check(ma[s][0] == mb[s][0], "%s/%s: the same bytes" % (f, s))
            check(ma[s][1] == mb[s][1], "%s/%s: the same flags %s / %s" % (f, s, ma[s][1], mb[s][1]))
            check(ma[s][2] == mb[s][2], "%s/%s: the same INTERNALDATE" % (f, s))
            total += 1
    check(total >= 7, "%d messages compared" % total)
    a.logout()
    b.logout()


def uids(m, folder):
    typ, data = m.select('"%s"' % folder, readonly=True)
    validity = m.response("UIDVALIDITY")[1][0]
    typ, data = m.uid("SEARCH", "ALL")
    return validity, data[0].split()


def same_uids(user_a, user_b, password):
    a, b = login(user_a, password), login(user_b, password)
    for f in folders(a):
        check(uids(a, f) == uids(b, f), "%s: the same UIDVALIDITY and UIDs %s" % (f, uids(a, f)))
    a.logout()
    b.logout()


if __name__ == "__main__":
    {"make_sources": make_sources, "check_imported": check_imported, "same": same, "same_uids": same_uids,
     "make_dovecot_maildir": make_dovecot_maildir, "check_dovecot": check_dovecot}[sys.argv[1]](*sys.argv[2:])
