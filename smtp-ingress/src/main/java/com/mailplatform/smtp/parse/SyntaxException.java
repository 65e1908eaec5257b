package com.mailplatform.smtp.parse;

/** Input that gets an SMTP error reply; the message is the complete reply line. */
public class SyntaxException extends Exception {

    /** What the session does besides replying. */
    public enum Then {
        /** The session goes on. */
        GO_ON,
        /** The connection cannot go on (a BDAT without a size: nobody knows where its chunk ends). */
        CLOSE,
        /** A refused DATA: a body the client pipelined behind it is swallowed (RFC 2920 section 3.1). */
        DATA_REFUSED
    }

    private final Then then;

    public SyntaxException(String reply) {
        this(reply, Then.GO_ON);
    }

    public SyntaxException(String reply, Then then) {
        super(reply, null, false, false);
        this.then = then;
    }

    public String reply() {
        return getMessage();
    }

    public Then then() {
        return then;
    }

    public boolean fatal() {
        return then == Then.CLOSE;
    }
}
