package com.mailplatform.smtp.parse;

/** Input that gets an SMTP error reply; the message is the complete reply line. */
public class SyntaxException extends Exception {
    public SyntaxException(String reply) {
        super(reply, null, false, false);
    }

    public String reply() {
        return getMessage();
    }
}
