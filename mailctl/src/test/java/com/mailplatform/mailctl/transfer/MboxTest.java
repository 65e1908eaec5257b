package com.mailplatform.mailctl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MboxTest {

    static List<SourceMessage> read(String mbox, MboxReader.Variant variant, Limits limits) {
        return read(mbox.getBytes(StandardCharsets.ISO_8859_1), variant, limits);
    }

    static List<SourceMessage> read(byte[] mbox, MboxReader.Variant variant, Limits limits) {
        List<SourceMessage> out = new ArrayList<>();
        new MboxReader(new ByteArrayInputStream(mbox), "test", variant, ZoneOffset.UTC, limits).forEachRemaining(out::add);
        return out;
    }

    static String text(SourceMessage m) {
        return new String(m.content(), StandardCharsets.ISO_8859_1);
    }

    /** As Postfix local(8) appends to /var/spool/mail/USER (mboxo quoting) after mutt marked the first one read. */
    static final String POSTFIX = "From alice@example.org  Thu Dec  3 23:47:34 2026\n"
            + "Return-Path: <alice@example.org>\nX-Original-To: demo@example.test\nDelivered-To: demo@example.test\n"
            + "Subject: one\nStatus: RO\nX-Status: AF\nX-Keywords: $Label1, Work\n\n"
            + "Hello\n>From the start\n>>From kept\n\n"
            + "From MAILER-DAEMON Fri Jan  2 03:04:05 2026\n"
            + "Subject: two\n\nSecond\n\n";

    @Test
    void readsPostfixMboxoWithMuttFlags() {
        List<SourceMessage> ms = read(POSTFIX, MboxReader.Variant.MBOXO, Limits.DEFAULTS);
        assertEquals(2, ms.size());
        SourceMessage one = ms.get(0);
        assertTrue(one.ok());
        assertEquals("Return-Path: <alice@example.org>\r\nX-Original-To: demo@example.test\r\nDelivered-To: demo@example.test\r\n"
                + "Subject: one\r\n\r\nHello\r\nFrom the start\r\n>>From kept\r\n", text(one));
        assertEquals(Set.of("\\Seen", "\\Answered", "\\Flagged", "$Label1", "Work"), one.flags());
        assertEquals(java.time.Instant.parse("2026-12-03T23:47:34Z").toEpochMilli(), one.internalDateMillis());
        assertEquals("Subject: two\r\n\r\nSecond\r\n", text(ms.get(1)));
        assertEquals(Set.of(), ms.get(1).flags());
        assertEquals("test:14", ms.get(1).origin(), "where the message's From line is");
    }

    @Test
    void mboxrdTakesOneQuoteOffEveryFromLine() {
        List<SourceMessage> ms = read("From x Thu Dec  3 23:47:34 2026\nSubject: a\n\n>From x\n>>From y\n>Fromage\n\n", MboxReader.Variant.MBOXRD,
                Limits.DEFAULTS);
        assertEquals("Subject: a\r\n\r\nFrom x\r\n>From y\r\n>Fromage\r\n", text(ms.get(0)));
    }

    @Test
    void writerAndReaderRoundTripByteForByte() throws IOException {
        List<byte[]> messages = List.of(
                "Return-Path: <a@b.test>\r\nSubject: x\r\n\r\nFrom here\r\n>From there\r\n>>From far\r\n\r\n\r\n".getBytes(StandardCharsets.UTF_8),
                "Subject: no body\r\n".getBytes(StandardCharsets.UTF_8),
                "Subject: caf\u00e9\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nd\u00e9j\u00e0\r\n".getBytes(StandardCharsets.UTF_8));
        List<Set<String>> flags = List.of(Set.of("\\Seen", "\\Deleted", "\\Draft", "Junk"), Set.of(), Set.of("\\Flagged"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        MboxWriter w = new MboxWriter(file);
        for (int i = 0; i < messages.size(); i++) {
            w.write(messages.get(i), flags.get(i), 1_700_000_000_000L + i * 1000L);
        }
        List<SourceMessage> back = read(file.toByteArray(), MboxReader.Variant.MBOXRD, Limits.DEFAULTS);
        assertEquals(3, back.size());
        for (int i = 0; i < messages.size(); i++) {
            assertArrayEquals(messages.get(i), back.get(i).content(), "message " + i);
            assertEquals(flags.get(i), back.get(i).flags());
            assertEquals(1_700_000_000_000L + i * 1000L, back.get(i).internalDateMillis());
        }
        assertTrue(new String(file.toByteArray(), StandardCharsets.UTF_8).startsWith("From a@b.test Tue Nov 14 22:13:20 2023\n"));
    }

    @Test
    void dovecotsFolderInternalDataIsNoMail() {
        String mbox = "From MAILER_DAEMON Thu Dec  3 23:47:34 2026\nSubject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA\n"
                + "X-IMAP: 1700000000 0000000002\nStatus: RO\n\nThis text is part of the internal format of your mail folder.\n\n"
                + "From a@b Thu Dec  3 23:47:35 2026\nSubject: real\nX-UID: 1\nContent-Length: 5\n\nreal\n\n";
        List<SourceMessage> ms = read(mbox, MboxReader.Variant.MBOXRD, Limits.DEFAULTS);
        assertEquals(1, ms.size());
        assertEquals("Subject: real\r\n\r\nreal\r\n", text(ms.get(0)));
    }

    @Test
    void garbageBeforeTheFirstFromIsOneErrorAndTheRestIsRead() {
        List<SourceMessage> ms = read("this is not\nan mbox\n\nFrom a Thu Dec  3 23:47:34 2026\nSubject: ok\n\nbody\n", MboxReader.Variant.MBOXRD,
                Limits.DEFAULTS);
        assertEquals(2, ms.size());
        assertFalse(ms.get(0).ok());
        assertTrue(ms.get(0).error().contains("no \"From \" line"), ms.get(0).error());
        assertEquals("Subject: ok\r\n\r\nbody\r\n", text(ms.get(1)), "a last message without the separator line (truncated file) is kept");
    }

    @Test
    void overLongLinesAndOversizedMessagesAreSkippedNotFatal() {
        Limits small = new Limits(200, 100, 255, 16, 10, 10);
        String mbox = "From a Thu Dec  3 23:47:34 2026\nSubject: long line\n\n" + "x".repeat(500) + "\n\n"
                + "From a Thu Dec  3 23:47:34 2026\nSubject: big\n\n" + "y\n".repeat(200) + "\n"
                + "From a Thu Dec  3 23:47:34 2026\nSubject: fine\n\nok\n";
        List<SourceMessage> ms = read(mbox, MboxReader.Variant.MBOXRD, small);
        assertEquals(3, ms.size());
        assertTrue(ms.get(0).error().contains("longer than 100"), ms.get(0).error());
        assertTrue(ms.get(1).error().contains("larger than 200"), ms.get(1).error());
        assertEquals("Subject: fine\r\n\r\nok\r\n", text(ms.get(2)));
        assertEquals("test:1", ms.get(0).origin());
    }

    @Test
    void randomBytesEndWithoutExceptionOrHang() {
        Random r = new Random(17);
        for (int round = 0; round < 50; round++) {
            byte[] junk = new byte[r.nextInt(20_000)];
            r.nextBytes(junk);
            if (round % 2 == 0 && junk.length > 10) {
                System.arraycopy("From ".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 5);
            }
            List<SourceMessage> ms = read(junk, MboxReader.Variant.MBOXRD, new Limits(4096, 512, 255, 16, 10, 10));
            for (SourceMessage m : ms) {
                assertTrue(m.ok() || m.error() != null);
            }
        }
        assertEquals(List.of(), read(new byte[0], MboxReader.Variant.MBOXRD, Limits.DEFAULTS));
    }

    @Test
    void fromLineDates() {
        assertEquals(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli(), MboxDate.parse("From x Fri Jan  2 03:04:05 2026", ZoneOffset.UTC));
        assertEquals(java.time.Instant.parse("2026-01-02T01:04:05Z").toEpochMilli(),
                MboxDate.parse("From x Fri Jan  2 03:04:05 2026 +0200", ZoneOffset.UTC));
        assertEquals(java.time.Instant.parse("2026-01-02T03:04:00Z").toEpochMilli(), MboxDate.parse("From x Fri Jan 2 03:04 2026", ZoneOffset.UTC));
        assertEquals(0, MboxDate.parse("From x yesterday", ZoneOffset.UTC));
        assertEquals(0, MboxDate.parse("From x Mon Feb 30 03:04:05 2026", ZoneOffset.UTC));
        assertNull(null);
    }
}
