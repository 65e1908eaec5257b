package com.mailplatform.admin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mailplatform.admin.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** Issue 14: accounts, aliases and domains with UTF-8 (RFC 6531), checked by platform-common's one address code. */
class ValidateUtf8Test {

    @Test
    void utf8AddressesAndInternationalizedDomains() {
        assertEquals("J\u00fcrgen@b\u00fccher.test", Validate.address("address", "J\u00fcrgen@B\u00fccher.test"));
        assertEquals("xn--bcher-kva.test", Validate.domain("name", "B\u00fccher.Test"), "a U-label is kept as its A-label");
        assertEquals("@xn--bcher-kva.test", Validate.aliasAddress("@b\u00fccher.test"));
    }

    @Test
    void limitsAreOctetsAndHostileCharactersAreRefused() {
        Validate.address("address", "\u00fc".repeat(32) + "@corp.test");
        assertThrows(ProblemException.class, () -> Validate.address("address", "\u00fc".repeat(33) + "@corp.test"));
        assertThrows(ProblemException.class, () -> Validate.address("address", "ad\u202emin@corp.test"));
        assertThrows(ProblemException.class, () -> Validate.address("address", "a\ufffd@corp.test"));
        assertThrows(ProblemException.class, () -> Validate.domain("name", "stra\u00dfe.test"));
        // a 250-octet domain (fine alone) and a 10-octet local part: 261 octets, though only 141 characters
        String longAddress = "a".repeat(10) + "@" + ("\u00e9".repeat(20) + ".").repeat(6) + "test";
        assertThrows(ProblemException.class, () -> Validate.address("address", longAddress));
    }
}
