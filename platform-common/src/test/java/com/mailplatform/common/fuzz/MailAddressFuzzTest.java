package com.mailplatform.common.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.address.ReversePath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Addresses from the wire through {@link ReversePath#parsePath} and {@link MailAddress#parse}. The contract:
 * {@link AddressException} and nothing else for what is not an address; what is accepted obeys RFC 5321
 * section 4.5.3.1 (64-octet local part, 255-octet domain, 256-octet path), is ASCII without SMTPUTF8 (RFC 6531),
 * and reads back as the same address from its own text (what the queue stores is what a later parse sees).
 * Seeds: {@code src/test/resources/com/mailplatform/common/fuzz/MailAddressFuzzTestInputs/address}.
 */
class MailAddressFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void address(byte[] raw) throws AddressException {
        if (raw.length < 1) {
            return;
        }
        // Input layout (so that seeds are readable files): one flag byte (bit 0: SMTPUTF8, bit 1: a bracketed
        // path rather than a bare address), then the text as UTF-8.
        boolean utf8 = (raw[0] & 1) != 0;
        boolean path = (raw[0] & 2) != 0;
        String text = new String(Arrays.copyOfRange(raw, 1, raw.length), StandardCharsets.UTF_8);
        MailAddress a;
        try {
            a = path ? ReversePath.parsePath(text, utf8) : MailAddress.parse(text, utf8);
        } catch (AddressException e) {
            return;
        }
        if (a == null) {
            assertEquals("<>", text);
            return;
        }
        assertTrue(a.localPart().getBytes(StandardCharsets.UTF_8).length <= MailAddress.MAX_LOCAL_PART);
        assertTrue(a.domain().getBytes(StandardCharsets.UTF_8).length <= MailAddress.MAX_DOMAIN,
                "domain of " + a.domain().getBytes(StandardCharsets.UTF_8).length + " octets accepted");
        if (!utf8) {
            for (char c : a.toString().toCharArray()) {
                assertTrue(c >= 32 && c < 127, "non-ASCII address accepted without SMTPUTF8: " + a);
            }
        }
        assertEquals(a, MailAddress.parse(a.toString(), utf8), "the address does not read back as itself");
        // The key (platform-common's one normalization) is handed to other services, which parse it again.
        String key = a.key();
        assertEquals(key, MailAddress.parse(key, utf8).key(), "the key does not read back as itself");
    }
}
