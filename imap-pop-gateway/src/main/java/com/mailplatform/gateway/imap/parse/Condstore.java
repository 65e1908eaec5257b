package com.mailplatform.gateway.imap.parse;

import java.util.Locale;

/**
 * The RFC 7162 (CONDSTORE/QRESYNC) pieces of the grammar (section 7): SELECT parameters, FETCH and STORE modifiers,
 * the SEARCH MODSEQ key. Every departure is an {@link ImapParseException} (BAD).
 */
final class Condstore {

    /** mod-sequence-value is a 63-bit number: at most 19 digits. */
    private static final int MAX_DIGITS = 19;

    private Condstore() {
    }

    /** [SP "(" select-param *(SP select-param) ")"] after the mailbox name. */
    static SelectParams selectParams(ImapParser p) throws ImapParseException {
        if (p.peek() != ' ') {
            return SelectParams.NONE;
        }
        p.sp();
        p.expect('(');
        boolean condstore = false;
        SelectParams.Qresync qresync = null;
        boolean first = true;
        while (first || p.peek() == ' ') {
            if (!first) {
                p.sp();
            }
            first = false;
            String name = p.atom().toUpperCase(Locale.ROOT);
            if (name.equals("CONDSTORE") && !condstore) {
                condstore = true;
            } else if (name.equals("QRESYNC") && qresync == null) {
                p.sp();
                qresync = qresync(p);
            } else {
                throw new ImapParseException(p.tag(), "unsupported or repeated SELECT parameter " + name);
            }
        }
        p.expect(')');
        return new SelectParams(condstore || qresync != null, qresync);
    }

    /** "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")" (RFC 7162 section 3.2.5). */
    private static SelectParams.Qresync qresync(ImapParser p) throws ImapParseException {
        p.expect('(');
        long uidvalidity = number(p, false);
        if (uidvalidity > 0xFFFFFFFFL) {
            throw new ImapParseException(p.tag(), "bad UIDVALIDITY");
        }
        p.sp();
        long modseq = number(p, false);
        SequenceSet known = null;
        SequenceSet seqs = null;
        SequenceSet seqUids = null;
        if (p.peek() == ' ') {
            p.sp();
            if (p.peek() != '(') {
                known = noStar(p, p.sequenceSet());
                if (p.peek() == ' ') {
                    p.sp();
                }
            }
            if (p.peek() == '(') {
                p.expect('(');
                seqs = noStar(p, p.sequenceSet());
                p.sp();
                seqUids = noStar(p, p.sequenceSet());
                p.expect(')');
            }
        }
        p.expect(')');
        return new SelectParams.Qresync(uidvalidity, modseq, known, seqs, seqUids);
    }

    /** "(" fetch-modifier *(SP fetch-modifier) ")": CHANGEDSINCE n, VANISHED. */
    static FetchModifiers fetchModifiers(ImapParser p, boolean uid) throws ImapParseException {
        p.expect('(');
        long changedSince = -1;
        boolean vanished = false;
        boolean first = true;
        while (first || p.peek() == ' ') {
            if (!first) {
                p.sp();
            }
            first = false;
            String name = p.atom().toUpperCase(Locale.ROOT);
            if (name.equals("CHANGEDSINCE") && changedSince < 0) {
                p.sp();
                // the grammar says mod-sequence-value (>= 1); 0 ("everything") is accepted, as clients send it
                changedSince = number(p, true);
            } else if (name.equals("VANISHED") && !vanished) {
                vanished = true;
            } else {
                throw new ImapParseException(p.tag(), "unsupported or repeated FETCH modifier " + name);
            }
        }
        p.expect(')');
        // RFC 7162 section 3.2.6: VANISHED only in UID FETCH and only together with CHANGEDSINCE
        if (vanished && (!uid || changedSince < 0)) {
            throw new ImapParseException(p.tag(), "VANISHED needs UID FETCH and CHANGEDSINCE");
        }
        return new FetchModifiers(changedSince, vanished);
    }

    /** "(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")" (RFC 7162 section 3.1.3); returns the value. */
    static long storeModifiers(ImapParser p) throws ImapParseException {
        p.expect('(');
        String name = p.atom().toUpperCase(Locale.ROOT);
        if (!name.equals("UNCHANGEDSINCE")) {
            throw new ImapParseException(p.tag(), "unsupported STORE modifier " + name);
        }
        p.sp();
        long v = number(p, true);
        p.expect(')');
        return v;
    }

    /** After "MODSEQ" SP: [entry-name SP entry-type-req SP] mod-sequence-valzer (RFC 7162 section 3.1.5). */
    static SearchKey searchModseq(ImapParser p) throws ImapParseException {
        if (p.peek() == '"') {
            String entry = p.quoted();
            // entry-flag-name = DQUOTE "/flags/" attr-flag DQUOTE; per-flag MODSEQs are not kept, the message's is used
            if (!entry.toLowerCase(Locale.ROOT).startsWith("/flags/") || entry.length() == 7 || entry.length() > 200) {
                throw new ImapParseException(p.tag(), "bad MODSEQ entry name");
            }
            p.sp();
            String type = p.atom().toLowerCase(Locale.ROOT);
            if (!type.equals("priv") && !type.equals("shared") && !type.equals("all")) {
                throw new ImapParseException(p.tag(), "bad MODSEQ entry type");
            }
            p.sp();
        }
        return new SearchKey.ModSeq(number(p, true));
    }

    /** A mod-sequence-value (zero allowed when {@code zero}): 1 to 19 digits, at most 2^63-1. */
    private static long number(ImapParser p, boolean zero) throws ImapParseException {
        StringBuilder digits = new StringBuilder();
        while (p.peek() >= '0' && p.peek() <= '9') {
            if (digits.length() == MAX_DIGITS) {
                throw new ImapParseException(p.tag(), "mod-sequence too large");
            }
            digits.append((char) p.peek());
            p.expect((char) p.peek());
        }
        if (digits.isEmpty()) {
            throw new ImapParseException(p.tag(), "expected a number");
        }
        long v;
        try {
            v = Long.parseLong(digits.toString());
        } catch (NumberFormatException e) {
            throw new ImapParseException(p.tag(), "mod-sequence too large");
        }
        if (v == 0 && !zero) {
            throw new ImapParseException(p.tag(), "expected a non-zero number");
        }
        return v;
    }

    private static SequenceSet noStar(ImapParser p, SequenceSet set) throws ImapParseException {
        for (long[] r : set.ranges()) {
            for (long n : r) {
                if (n == SequenceSet.STAR) {
                    throw new ImapParseException(p.tag(), "'*' is not allowed in known UIDs");
                }
            }
        }
        return set;
    }
}
