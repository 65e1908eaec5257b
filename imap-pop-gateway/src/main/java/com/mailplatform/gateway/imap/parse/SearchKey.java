package com.mailplatform.gateway.imap.parse;

import java.time.LocalDate;
import java.util.List;

/** A parsed SEARCH key (RFC 9051 section 6.4.4); RFC 3501's keys are all here. */
public sealed interface SearchKey {

    record All() implements SearchKey { }

    /** Matches nothing: RECENT and NEW, since this server never reports a message as recent. */
    record None() implements SearchKey { }

    record And(List<SearchKey> keys) implements SearchKey { }

    record Or(SearchKey a, SearchKey b) implements SearchKey { }

    record Not(SearchKey key) implements SearchKey { }

    /** A system flag or a keyword that must be set. */
    record Flag(String flag) implements SearchKey { }

    record Sequence(SequenceSet set, boolean uid) implements SearchKey { }

    /** cmp: -1 before, 0 on, 1 since; sent = the Date: header instead of the internal date. */
    record Date(boolean sent, int cmp, LocalDate date) implements SearchKey { }

    record Size(boolean larger, long octets) implements SearchKey { }

    /** where: HEADER (with field), BODY or TEXT. */
    record Text(String where, String field, String needle) implements SearchKey { }

    /** RFC 7162 section 3.1.5: MODSEQ at or above {@code modseq} (an entry name, if given, is the message's MODSEQ here). */
    record ModSeq(long modseq) implements SearchKey { }
}
