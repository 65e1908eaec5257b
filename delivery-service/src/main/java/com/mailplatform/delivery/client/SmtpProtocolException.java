package com.mailplatform.delivery.client;

/** The remote server broke the protocol (garbage, oversized replies, dropped connection): a temporary failure. */
public class SmtpProtocolException extends RuntimeException {

    public SmtpProtocolException(String message) {
        super(message);
    }
}
