package com.mailplatform.common.address;

/** An address that does not follow RFC 5321 syntax; the message is safe to show to the client. */
public class AddressException extends Exception {
    public AddressException(String message) {
        super(message, null, false, false);
    }
}
