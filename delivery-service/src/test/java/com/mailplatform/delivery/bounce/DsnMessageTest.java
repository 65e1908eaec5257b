package com.mailplatform.delivery.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import com.mailplatform.delivery.queue.Job;
import com.mailplatform.delivery.queue.Settlement.DsnEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsnMessageTest {

    private static final byte[] ORIGINAL = "Subject: hello\r\nFrom: s@x.test\r\n\r\nsecret body\r\n".getBytes(StandardCharsets.US_ASCII);

    private static String build(String ret, DsnKind kind, Outcome o, Job.Recipient r) {
        return new String(DsnMessage.build(new DsnMessage.Input(kind, "mx.e2e.test", "Q1", "env-1",
                Instant.parse("2026-01-01T00:00:00Z"), "s@x.test", List.of(new DsnEntry(r, o)), ORIGINAL, ret,
                Instant.parse("2026-01-01T01:00:00Z"), "=_b")), StandardCharsets.US_ASCII);
    }

    @Test
    void failureReportWithHeadersOnly() {
        Outcome o = new Outcome("a@y.test", "a@alias.test", "mx.y.test[192.0.2.1]:25", "5.1.1", Status.BOUNCED,
                "host mx.y.test[192.0.2.1]:25 said: 550 5.1.1 no such user", 0, 0);
        String m = build(null, DsnKind.FAILED, o, Job.Recipient.fresh("a@y.test", null, "rfc822;a@alias.test"));
        assertTrue(m.contains("From: MAILER-DAEMON@mx.e2e.test"));
        assertTrue(m.contains("To: <s@x.test>"));
        assertTrue(m.contains("Content-Type: multipart/report; report-type=delivery-status;"));
        assertTrue(m.contains("Auto-Submitted: auto-replied"));
        assertTrue(m.contains("Reporting-MTA: dns; mx.e2e.test"));
        assertTrue(m.contains("Original-Envelope-Id: env-1"));
        assertTrue(m.contains("Final-Recipient: rfc822; a@y.test"));
        assertTrue(m.contains("Original-Recipient: rfc822;a@alias.test"));
        assertTrue(m.contains("Action: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.y.test"));
        assertTrue(m.contains("Diagnostic-Code: smtp; host mx.y.test"));
        assertTrue(m.contains("Content-Type: text/rfc822-headers\r\n\r\nSubject: hello\r\nFrom: s@x.test\r\n\r\n"));
        assertFalse(m.contains("secret body"), "RET=HDRS (the default) returns the header only");
        assertTrue(m.endsWith("--=_b--\r\n"));
        for (String line : m.split("\r\n")) {
            assertTrue(line.length() < 998);
        }
    }

    @Test
    void fullMessageOnRetFullAndExpiredDeferralsGetClassFive() {
        Outcome o = new Outcome("a@y.test", "none", "4.4.1", Status.BOUNCED, "message expired: connect refused");
        String m = build("FULL", DsnKind.FAILED, o, Job.Recipient.fresh("a@y.test", null, null));
        assertTrue(m.contains("Content-Type: message/rfc822"));
        assertTrue(m.contains("secret body"));
        assertTrue(m.contains("Status: 5.4.1"));
        assertTrue(m.contains("Diagnostic-Code: x-unix; message expired"));
    }

    @Test
    void headerLengthFindsTheBlankLine() {
        assertEquals(ORIGINAL.length - "secret body\r\n".length(), DsnMessage.headerLength(ORIGINAL));
        assertEquals(3, DsnMessage.headerLength("a\n\nb".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(5, DsnMessage.headerLength("no-bl".getBytes(StandardCharsets.US_ASCII)));
    }
}
