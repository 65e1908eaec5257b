package com.mailplatform.gateway.imap.parse;

/**
 * SELECT/EXAMINE parameters of RFC 7162: {@code (CONDSTORE)} (section 3.1.8) and
 * {@code (QRESYNC (uidvalidity modseq [known-uids [(known-sequence-set known-uid-set)]]))} (section 3.2.5).
 */
public record SelectParams(boolean condstore, Qresync qresync) {

    public static final SelectParams NONE = new SelectParams(false, null);

    /**
     * knownUids null when not given (every UID); knownSequences/knownSequenceUids (seq-match-data) null when not given.
     * Tombstones are never pruned by the store, so the seq-match-data is checked for syntax and otherwise not needed.
     */
    public record Qresync(long uidvalidity, long modseq, SequenceSet knownUids, SequenceSet knownSequences, SequenceSet knownSequenceUids) { }
}
