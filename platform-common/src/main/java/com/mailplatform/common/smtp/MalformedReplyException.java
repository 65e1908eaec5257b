package com.mailplatform.common.smtp;

/** A server's reply broke RFC 5321 section 4.2 or our limits: the caller drops the connection. */
public class MalformedReplyException extends IllegalArgumentException {

    public MalformedReplyException(String message) {
        super(message);
    }
}
