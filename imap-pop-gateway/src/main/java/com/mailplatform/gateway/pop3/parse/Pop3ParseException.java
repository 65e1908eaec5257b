package com.mailplatform.gateway.pop3.parse;

/** A line that is not a valid command; the message is the text that follows {@code -ERR }. */
public final class Pop3ParseException extends RuntimeException {

    public Pop3ParseException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
