package com.mailplatform.gateway.imap.parse;

import java.time.LocalDate;
import java.util.List;

/** A parsed SEARCH key (RFC 9051 section 6.4.4); RFC 3501's keys are all here. */
public sealed interface SearchKey {

    record All() implements SearchKey { }

    /** Matches nothing. */
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

    /** RFC 5032 WITHIN: OLDER (internal date at least that many seconds ago) or YOUNGER (less). */
    record Within(boolean older, long seconds) implements SearchKey { }

    /** RFC 8514 SAVEDBEFORE/SAVEDON/SAVEDSINCE; cmp as in {@link Date}. */
    record SaveDate(int cmp, LocalDate date) implements SearchKey { }

    /** A {@link Within} resolved against the session clock: internal date at or before (older) / after millis. */
    record Cutoff(boolean older, long millis) implements SearchKey { }

    /** RFC 5182 "$" resolved to the saved result's UIDs (a set: the saved result can be the whole mailbox). */
    record Uids(java.util.Set<Long> uids) implements SearchKey { }

    /** RFC 8514 SAVEDATESUPPORTED: all messages when the mailbox keeps save dates. */
    record SaveDateSupported() implements SearchKey { }

    /** where: HEADER (with field), BODY or TEXT. */
    record Text(String where, String field, String needle) implements SearchKey { }

    /** RFC 7162 section 3.1.5: MODSEQ at or above {@code modseq} (an entry name, if given, is the message's MODSEQ here). */
    record ModSeq(long modseq) implements SearchKey { }
}
