package com.mailplatform.mailctl.transfer;

import java.util.Set;

/**
 * One message read from a source, or the reason it could not be read ({@code content} null, {@code error} set).
 * {@code content} is what the store keeps: CRLF line ends, without the mbox status headers (they became flags).
 * {@code origin} says where it came from (file and line, file name, IMAP UID) for the error report; {@code uid} is
 * the UID the source gave it (dovecot-uidlist) when UIDs are to be kept, else 0.
 */
public record SourceMessage(byte[] content, Set<String> flags, long internalDateMillis, String origin, String error, long uid) {

    public SourceMessage(byte[] content, Set<String> flags, long internalDateMillis, String origin, String error) {
        this(content, flags, internalDateMillis, origin, error, 0);
    }

    public static SourceMessage bad(String origin, String error) {
        return new SourceMessage(null, Set.of(), 0, origin, error);
    }

    public boolean ok() {
        return content != null;
    }
}
