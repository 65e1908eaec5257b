package com.mailplatform.common.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MailAddressTest {

    @Test
    void domainIsCheckedAsItIsKept() throws AddressException {
        // Found by MailAddressFuzzTest: 40 "\u0130" are a valid 40-character label, but the kept lower-case form
        // "i\u0307" x 40 is 80 characters and did not parse back.
        String label = "\u0130".repeat(40);
        assertThrows(AddressException.class, () -> MailAddress.parse("a@" + label + ".test", true));
        MailAddress ok = MailAddress.parse("a@" + "\u0130".repeat(20) + ".test", true);
        assertEquals(ok, MailAddress.parse(ok.toString(), true));
    }
}
