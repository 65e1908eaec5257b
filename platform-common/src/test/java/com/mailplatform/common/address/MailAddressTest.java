package com.mailplatform.common.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** RFC 6531 section 3.5: outside SMTPUTF8 a UTF-8 address is its own error (553 5.6.7), not a syntax error. */
    @Test
    void nonAsciiWithoutSmtputf8IsItsOwnError() {
        assertThrows(NonAsciiAddressException.class, () -> MailAddress.parse("\u00fc@corp.test"));
        assertThrows(NonAsciiAddressException.class, () -> MailAddress.parse("u@b\u00fccher.test"));
        assertThrows(NonAsciiAddressException.class, () -> ReversePath.parsePath("<\u00fc@corp.test>", false));
    }

    @Test
    void utf8LocalPartsAndULabelsWithSmtputf8() throws AddressException {
        MailAddress a = MailAddress.parse("J\u00fcrgen@B\u00fccher.test", true);
        assertEquals("J\u00fcrgen", a.localPart(), "the local part is kept as written (it is what the next hop gets)");
        assertEquals("b\u00fccher.test", a.domain());
        assertTrue(a.needsSmtputf8());
        assertFalse(MailAddress.parse("a@b.test", true).needsSmtputf8());
        assertEquals("\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a", MailAddress.parse("\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a", true).toString());
        assertEquals("\"j\u00fc rgen\"@corp.test", MailAddress.parse("\"j\u00fc rgen\"@corp.test", true).toString());
    }

    /** One key for what a user cannot tell apart: case, NFC vs NFD, U-label vs A-label. */
    @Test
    void keyFoldsCaseNormalizesToNfcAndUsesTheALabel() throws AddressException {
        String precomposed = MailAddress.parse("\u00fc@b\u00fccher.test", true).key();
        assertEquals("\u00fc@xn--bcher-kva.test", precomposed);
        assertEquals(precomposed, MailAddress.parse("u\u0308@B\u00dccher.TEST", true).key());
        assertEquals(precomposed, MailAddress.parse("\u00dc@xn--bcher-kva.test", true).key());
        assertEquals(precomposed, MailAddress.parse(precomposed, true).key(), "a key parses back to itself");
        assertEquals("demo@example.test", MailAddress.parse("Demo@Example.TEST").key());
        assertEquals("xn--bcher-kva.test", MailAddress.asciiDomain("B\u00fccher.Test"));
        assertEquals("example.test", MailAddress.asciiDomain("example.test"));
    }

    /** Mixed scripts are accepted (RFC 6531 does not forbid them) but never folded onto the look-alike. */
    @Test
    void mixedScriptsStayDistinct() throws AddressException {
        MailAddress cyrillic = MailAddress.parse("p\u0430yp\u0430l@corp.test", true); // Cyrillic a twice
        assertNotEquals(MailAddress.parse("paypal@corp.test").key(), cyrillic.key());
        assertTrue(cyrillic.needsSmtputf8());
    }

    /** RFC 6531 section 3.3: the limits stay in octets. */
    @Test
    void limitsAreOctets() throws AddressException {
        MailAddress.parse("\u00fc".repeat(32) + "@corp.test", true); // 64 octets
        assertThrows(AddressException.class, () -> MailAddress.parse("\u00fc".repeat(33) + "@corp.test", true));
        assertThrows(AddressException.class, () -> MailAddress.parse("\u20ac".repeat(22) + "@corp.test", true)); // 66
        // 32 x "\u0130" is 64 octets, but its key "i\u0307" x 32 is 96: refused, since the key must parse again.
        assertThrows(AddressException.class, () -> MailAddress.parse("\u0130".repeat(32) + "@corp.test", true));
        // A U-label whose A-label is longer than 63 octets.
        assertThrows(AddressException.class, () -> MailAddress.parse("a@" + "\u00fc".repeat(60) + ".test", true));
        String longPath = "<" + "\u00fc".repeat(32) + "@" + ("\u00e9".repeat(20) + ".").repeat(5) + "test>";
        assertThrows(AddressException.class, () -> ReversePath.parsePath(longPath, true));
    }

    @Test
    void hostileCharactersAreRefused() {
        for (String bad : new String[] {
                "a\ud800b@corp.test",       // unpaired surrogate: invalid UTF-8 decoded leniently
                "a\udc00@corp.test",
                "a\ufffdb@corp.test",       // the replacement character left by such a decoding
                "a\u0085b@corp.test",       // C1 control (NEL)
                "admin\u202e@corp.test",    // right-to-left override
                "ad\u200bmin@corp.test",    // zero-width space
                "a\u00a0b@corp.test",       // no-break space
                "a\u2028b@corp.test",       // line separator
                "a\ue000@corp.test",        // private use
                "a\u0378@corp.test",        // unassigned
                "a@stra\u00dfe.test",       // IDNA2003/2008 deviation
                "a@\u03c3\u03bf\u03c6\u03bf\u03c2.test",
                "a@b\u00fccher\u3002test",  // ideographic full stop is not a separator here
                "a@-b\u00fccher.test",
                "a@b\u00fccher.test-",
                "a@b\u00fc_cher.test",
                "\"a\u0085\"@corp.test",
        }) {
            assertThrows(AddressException.class, () -> MailAddress.parse(bad, true), bad);
        }
    }

    @Test
    void asciiDomainRefusesWhatIsNotADomain() {
        assertThrows(AddressException.class, () -> MailAddress.asciiDomain("stra\u00dfe.test"));
        assertThrows(AddressException.class, () -> MailAddress.asciiDomain("b\u00fccher..test"));
        assertThrows(AddressException.class, () -> MailAddress.asciiDomain("\u00fc".repeat(200) + ".test"));
    }
}
