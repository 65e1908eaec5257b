package com.mailplatform.store.imap;

/**
 * What delivery and APPEND compute from a message's content before their transaction, on a worker thread (so no
 * folder row is locked while parsing): its MIME summary for FETCH and its text for SEARCH. Never fails.
 */
public record ParsedContent(MimeSummary summary, MessageText text) {

    public static ParsedContent of(byte[] content, int maxTextChars) {
        return new ParsedContent(MimeSummary.safeOf(content), MessageText.safeOf(content, maxTextChars));
    }
}
