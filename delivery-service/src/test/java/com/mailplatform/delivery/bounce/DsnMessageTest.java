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

    /** Issue 14: a report to or about a UTF-8 address is RFC 6533's global form, the addresses kept as they are. */
    @Test
    void utf8SenderGetsAGlobalDeliveryStatus() {
        Outcome o = new Outcome("\u00fc@y.test", "local", "5.1.1", Status.BOUNCED, "unknown user");
        byte[] raw = DsnMessage.build(new DsnMessage.Input(DsnKind.FAILED, "mx.e2e.test", "Q1", null,
                Instant.parse("2026-01-01T00:00:00Z"), "j\u00fcrgen@x.test", List.of(new DsnEntry(Job.Recipient.fresh("\u00fc@y.test", null, null), o)),
                "Subject: caf\u00e9\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8), null, Instant.parse("2026-01-01T01:00:00Z"), "=_b"));
        String m = new String(raw, StandardCharsets.UTF_8);
        assertTrue(m.contains("To: <j\u00fcrgen@x.test>\r\n"), m);
        assertTrue(m.contains("Content-Type: multipart/report; report-type=global-delivery-status;"), m);
        assertTrue(m.contains("Content-Type: text/plain; charset=utf-8\r\n"), m);
        assertTrue(m.contains("<\u00fc@y.test>: unknown user"), m);
        assertTrue(m.contains("Content-Type: message/global-delivery-status\r\n"), m);
        assertTrue(m.contains("Final-Recipient: utf-8; \u00fc@y.test\r\n"), m);
        assertTrue(m.contains("Content-Type: message/global-headers\r\n\r\nSubject: caf\u00e9\r\n\r\n"), m);
        // An ASCII report stays RFC 3464's, byte for byte ASCII.
        String plain = build(null, DsnKind.FAILED, new Outcome("a@y.test", "local", "5.1.1", Status.BOUNCED, "unknown user"),
                Job.Recipient.fresh("a@y.test", null, null));
        assertTrue(plain.contains("report-type=delivery-status;") && plain.contains("Final-Recipient: rfc822; a@y.test"));
    }

    @Test
    void headerLengthFindsTheBlankLine() {
        assertEquals(ORIGINAL.length - "secret body\r\n".length(), DsnMessage.headerLength(ORIGINAL));
        assertEquals(3, DsnMessage.headerLength("a\n\nb".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(5, DsnMessage.headerLength("no-bl".getBytes(StandardCharsets.US_ASCII)));
    }
}
