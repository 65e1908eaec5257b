package com.mailplatform.smtp.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.smtp.checks.DmarcRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A TXT record from anyone's DNS through {@link DmarcRecord#parse}: never an exception, a record only when the
 * text starts with {@code v=DMARC1} (RFC 7489 section 6.6.3), pct within 0..100 (section 6.3), and the same text
 * always gives the same record whatever whitespace surrounds it.
 * Seeds: {@code src/test/resources/com/mailplatform/smtp/fuzz/DmarcRecordFuzzTestInputs/dmarcRecord}.
 */
class DmarcRecordFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void dmarcRecord(byte[] input) {
        // The resolver hands over TXT strings decoded leniently; the parser must cope with whatever that gives.
        String txt = new String(input, StandardCharsets.UTF_8);
        Optional<DmarcRecord> record = DmarcRecord.parse(txt);
        if (record.isEmpty()) {
            return;
        }
        DmarcRecord r = record.get();
        assertTrue(DmarcRecord.isDmarc(txt), txt);
        assertTrue(r.pct() >= 0 && r.pct() <= 100, "pct " + r.pct());
        assertTrue(r.policy() != null && r.subdomainPolicy() != null);
        // Leading blanks are allowed before v= (section 6.4 ABNF: *WSP around tags); they change nothing.
        if (txt.length() < 2000) {
            assertEquals(record, DmarcRecord.parse(" " + txt));
        }
    }
}
