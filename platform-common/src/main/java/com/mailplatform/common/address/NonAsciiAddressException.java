package com.mailplatform.common.address;

/**
 * A non-ASCII address outside an SMTPUTF8 transaction. Its own type because RFC 6531 section 3.5 gives it its own
 * reply, {@code 553 5.6.7}, rather than the syntax error's 501.
 */
public final class NonAsciiAddressException extends AddressException {
    public NonAsciiAddressException() {
        super("non-ASCII address without SMTPUTF8");
    }
}
