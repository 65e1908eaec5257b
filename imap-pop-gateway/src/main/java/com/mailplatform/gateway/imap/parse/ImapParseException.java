package com.mailplatform.gateway.imap.parse;

/** Malformed input: the session answers BAD (with the tag when one was read) and goes on. */
public final class ImapParseException extends Exception {

    private final String tag;

    public ImapParseException(String tag, String message) {
        super(message, null, false, false);
        this.tag = tag;
    }

    /** The command's tag, or null when even that could not be read (then the reply is untagged "* BAD"). */
    public String tag() {
        return tag;
    }
}
