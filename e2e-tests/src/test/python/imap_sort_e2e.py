"""SORT, ESORT, SORT=DISPLAY and THREAD (RFC 5256, 5267, 5957) through Python's imaplib against the running platform.

ImapSortE2ETest runs the scenarios. Messages are APPENDed with chosen headers and internal dates into a folder of
their own (so expected orders are exact), plus two delivered through SMTP (keys computed at delivery).
"""
import imaplib
import os
import smtplib
import ssl
import sys
import time
import uuid
import imap_e2e
from imap_e2e import check, connect

SMTP_PORT = int(os.environ["SMTP_PORT"])
IMAP_PORT = int(os.environ["IMAP_PORT"])
USER = os.environ["MAIL_USER"]
PASSWORD = os.environ["MAIL_PASSWORD"]


# (headers, internal date): sequence numbers 1..6 in this order
MESSAGES = [
    ("From: Zed <zed@x.test>\r\nSubject: Re: beta\r\nDate: Thu, 1 Jan 2026 10:00:00 +0000\r\nMessage-ID: <b2@t>\r\nReferences: <b1@t>\r\n",
     "01-Jan-2026 10:00:00 +0000"),
    ("From: amy@x.test\r\nSubject: alpha\r\nDate: Thu, 1 Jan 2026 09:00:00 +0000\r\nMessage-ID: <a1@t>\r\n",
     "01-Jan-2026 09:00:00 +0000"),
    ("From: Bob <bob@x.test>\r\nSubject: beta\r\nDate: Thu, 1 Jan 2026 08:00:00 +0000\r\nMessage-ID: <b1@t>\r\n",
     "01-Jan-2026 08:00:00 +0000"),
    # no Date: sorts by its internal date (RFC 5256 section 2.2)
    ("From: dan@x.test\r\nSubject: [list] Fwd: alpha (fwd)\r\nMessage-ID: <a2@t>\r\nIn-Reply-To: <a1@t>\r\n",
     "01-Jan-2026 07:00:00 +0000"),
    ("From: =?UTF-8?Q?=C3=89mile?= <emile@x.test>\r\nSubject: gamma\r\nDate: Thu, 1 Jan 2026 11:00:00 +0000\r\n"
     "Message-ID: <g1@t>\r\nReferences: <missing@t>\r\n", "01-Jan-2026 11:00:00 +0000"),
    ("From: carl@x.test\r\nSubject: Re: gamma\r\nDate: Thu, 1 Jan 2026 12:00:00 +0000\r\nMessage-ID: <g2@t>\r\n"
     "References: <missing@t>\r\n", "01-Jan-2026 12:00:00 +0000"),
]


def sort(m, criteria, *search, charset="UTF-8"):
    typ, data = m.sort(criteria, charset, *(search or ("ALL",)))
    check(typ == "OK", "SORT %s %s" % (criteria, search))
    return data[0].decode()


def sorting():
    m = connect()
    caps = m.capabilities
    for cap in ("SORT", "SORT=DISPLAY", "ESORT", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES"):
        check(cap in caps, "%s is advertised" % cap)
    folder = "Sort-" + uuid.uuid4().hex[:8]
    check(m.create(folder)[0] == "OK", "CREATE " + folder)
    for headers, date in MESSAGES:
        typ, _ = m.append(folder, None, '"%s"' % date, (headers + "\r\nbody\r\n").encode())
        check(typ == "OK", "APPEND")
    m.select(folder)

    check(sort(m, "(SUBJECT)") == "2 4 1 3 5 6", "SORT SUBJECT by base subject, ties in mailbox order")
    check(sort(m, "(DATE)") == "4 3 2 1 5 6", "SORT DATE, the internal date standing in for a missing Date:")
    check(sort(m, "(REVERSE DATE)") == "6 5 1 2 3 4", "SORT REVERSE DATE")
    check(sort(m, "(ARRIVAL)") == "4 3 2 1 5 6", "SORT ARRIVAL")
    check(sort(m, "(REVERSE FROM)") == "1 5 4 6 3 2", "SORT REVERSE FROM by mailbox")
    check(sort(m, "(DISPLAYFROM)") == "2 3 6 4 5 1", "SORT DISPLAYFROM by decoded display name or address")
    check(sort(m, "(SUBJECT REVERSE DATE)", "FROM", "x.test", "NOT", "SUBJECT", "gamma") == "2 4 1 3",
          "SORT with search keys (SEARCH's own evaluation)")
    check(sort(m, "(DATE)", "SUBJECT", "nothing-matches") == "", "SORT with no match answers an empty SORT")

    typ, data = m.uid("SORT", "(DATE)", "UTF-8", "ALL")
    uids = data[0].decode().split()
    # UIDs are 1..6 here like the sequence numbers: expunge one so they differ
    m.store("2", "+FLAGS", "\\Deleted")
    m.expunge()
    typ, data = m.uid("SORT", "(DATE)", "UTF-8", "ALL")
    check(data[0] == b"4 3 1 5 6", "UID SORT answers UIDs: %s" % data)
    check(sort(m, "(DATE)") == "3 2 1 4 5", "SORT after EXPUNGE answers the new sequence numbers")

    typ, data = m._simple_command("SORT", "RETURN (MIN MAX COUNT ALL)", "(DATE)", "UTF-8", "ALL")
    esearch = m._untagged_response(typ, data, "ESEARCH")[1][0].decode()
    check(typ == "OK" and esearch.endswith("MIN 3 MAX 5 COUNT 5 ALL 3,2,1,4:5"), "ESORT RETURN: " + esearch)
    typ, data = m._simple_command("UID", "SORT", "RETURN (COUNT MAX)", "(REVERSE SUBJECT)", "UTF-8", "SUBJECT", "beta")
    esearch = m._untagged_response(typ, data, "ESEARCH")[1][0].decode()
    check(esearch.endswith(" UID MAX 3 COUNT 2"), "UID ESORT RETURN: " + esearch)

    typ, data = m._simple_command("SORT", "(DATE)", "KOI8-R", "ALL")
    check(typ == "NO" and b"BADCHARSET" in data[0], "an unknown charset is NO [BADCHARSET]")
    for bad in (("(BOGUS)", "UTF-8", "ALL"), ("(DATE)", "UTF-8"), ("()", "UTF-8", "ALL")):
        try:
            m._simple_command("SORT", *bad)
            check(False, "SORT %s must be BAD" % (bad,))
        except imaplib.IMAP4.error:
            check(True, "SORT %s is BAD" % (bad,))
    m.logout()


def threads():
    m = connect()
    folder = "Thread-" + uuid.uuid4().hex[:8]
    m.create(folder)
    for headers, date in MESSAGES:
        m.append(folder, None, '"%s"' % date, (headers + "\r\nbody\r\n").encode())
    m.select(folder)
    typ, data = m.thread("REFERENCES", "UTF-8", "ALL")
    check(typ == "OK" and data[0] == b"(3 1)(2 4)((5)(6))", "THREAD REFERENCES: %s" % data)
    typ, data = m.thread("ORDEREDSUBJECT", "UTF-8", "ALL")
    check(typ == "OK" and data[0] == b"(4 2)(3 1)(5 6)", "THREAD ORDEREDSUBJECT: %s" % data)
    typ, data = m.thread("REFERENCES", "UTF-8", "NOT", "SUBJECT", "gamma")
    check(data[0] == b"(3 1)(2 4)", "THREAD with search keys: %s" % data)
    # an expunge in the middle: the remaining messages renumber and re-thread
    m.store("3", "+FLAGS", "\\Deleted")
    m.expunge()
    typ, data = m.thread("REFERENCES", "UTF-8", "ALL")
    check(data[0] == b"(2 3)(1)((4)(5))", "THREAD REFERENCES after EXPUNGE of a parent: %s" % data)
    typ, data = m.uid("THREAD", "REFERENCES", "UTF-8", "ALL")
    check(data[0] == b"(2 4)(1)((5)(6))", "UID THREAD answers UIDs: %s" % data)
    try:
        m._simple_command("THREAD", "BOGUS", "UTF-8", "ALL")
        check(False, "unknown algorithm must be BAD")
    except imaplib.IMAP4.error:
        check(True, "an unknown THREAD algorithm is BAD")
    m.logout()


def delivered():
    """Messages that came through SMTP carry their sort keys from delivery."""
    tag = uuid.uuid4().hex[:8]
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as s:
        for subject in ("Re: zz %s" % tag, "aa %s" % tag):
            msg = ("From: a@outside.test\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s@outside.test>\r\n\r\nhi\r\n"
                   % (USER, subject, uuid.uuid4()))
            s.sendmail("a@outside.test", [USER], msg.encode())
    m = connect()
    deadline = time.time() + 30
    while True:
        m.select("INBOX")
        hits = m.search(None, "SUBJECT", tag)[1][0].split()
        if len(hits) == 2 or time.time() > deadline:
            break
        time.sleep(0.3)
    check(len(hits) == 2, "both delivered")
    order = sort(m, "(SUBJECT)", "SUBJECT", tag).split()
    fetched = m.fetch(",".join(order), "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")[1]
    subjects = [f[1].decode().strip() for f in fetched if isinstance(f, tuple)]
    by_msn = dict(zip(sorted(order, key=int), subjects))
    check(by_msn[order[0]].startswith("Subject: aa"), "delivered mail sorts by base subject: %s" % order)
    m.logout()


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
