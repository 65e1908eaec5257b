package com.mailplatform.smtp.milter;

/** The milter sent something the protocol does not allow; the conversation ends and the default action applies. */
public class MilterProtocolException extends RuntimeException {

    public MilterProtocolException(String message) {
        super(message);
    }
}
