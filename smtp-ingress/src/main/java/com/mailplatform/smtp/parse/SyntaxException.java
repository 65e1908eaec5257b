package com.mailplatform.smtp.parse;

/** Input that gets an SMTP error reply; the message is the complete reply line. */
public class SyntaxException extends Exception {

    private final boolean fatal;

    public SyntaxException(String reply) {
        this(reply, false);
    }

    /** @param fatal the connection cannot go on (a BDAT without a size: nobody knows where its chunk ends) */
    public SyntaxException(String reply, boolean fatal) {
        super(reply, null, false, false);
        this.fatal = fatal;
    }

    public String reply() {
        return getMessage();
    }

    public boolean fatal() {
        return fatal;
    }
}
