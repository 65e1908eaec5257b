package com.mailplatform.gateway.imap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing of commands with literals, one byte at a time too, and the limits. */
class ImapFramerTest {

    private final List<String> events = new ArrayList<>();
    private final ImapFramer.Sink sink = new ImapFramer.Sink() {
        @Override
        public void command(byte[] bytes) {
            events.add("cmd:" + new String(bytes, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void continuation() {
            events.add("+");
        }

        @Override
        public void lineTooLong(String tag) {
            events.add("long:" + tag);
        }

        @Override
        public void literalTooBig(String tag, boolean fatal) {
            events.add("big:" + tag + ":" + fatal);
        }
    };

    private void feed(ImapFramer f, String s, boolean byteByByte) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (int i = 0; i < b.length; i++) {
                f.feed(b, i, 1, sink);
            }
        } else {
            // as the session pulls: one command per call, the rest offered again
            int off = 0;
            while (off < b.length) {
                int used = f.feed(b, off, b.length - off, sink);
                assertTrue(used > 0 || off == b.length, "progress");
                off += used;
            }
        }
    }

    @Test
    void feedStopsAfterEachCommandSoWhatFollowsStaysUnframed() {
        ImapFramer f = new ImapFramer(100, 1000, 10_000);
        byte[] b = "s1 STARTTLS\r\ns2 LOGIN a b\r\ns3 SELECT INBOX\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int used = f.feed(b, 0, b.length, sink);
        assertEquals("s1 STARTTLS\r\n".length(), used);
        assertEquals(List.of("cmd:s1 STARTTLS\r\n"), events);
    }

    /** Issue: A1 LOGIN {52428800} got "+ Ready for literal data" before authentication. */
    @Test
    void limitsFollowTheSessionState() {
        ImapFramer f = new ImapFramer(8192, 8192, 16384);
        feed(f, "A1 LOGIN {52428800}\r\n", false);
        assertEquals(List.of("big:A1:false"), events, "no continuation for 50 MB before login");
        events.clear();
        f.limits(65536, 52_428_800, 52_428_800 + 65536 * 4L);
        feed(f, "A2 APPEND INBOX {10}\r\n", false);
        assertEquals(List.of("+"), events, "after login the APPEND limit applies");
    }

    @Test
    void literalsSpanLinesAndCrlfInsideTheLiteralIsData() {
        for (boolean slow : new boolean[]{false, true}) {
            events.clear();
            ImapFramer f = new ImapFramer(100, 1000, 10_000);
            feed(f, "a LOGIN {4}\r\n\r\n\r\n {2+}\r\nxy\r\nb NOOP\r\n", slow);
            assertEquals(List.of("+", "cmd:a LOGIN {4}\r\n\r\n\r\n {2+}\r\nxy\r\n", "cmd:b NOOP\r\n"), events);
        }
    }

    @Test
    void overlongLineIsReportedOnceAndTheSessionGoesOn() {
        ImapFramer f = new ImapFramer(20, 1000, 10_000);
        feed(f, "t1 NOOP " + "x".repeat(5000) + "\r\nt2 NOOP\r\n", false);
        assertEquals(List.of("long:t1", "cmd:t2 NOOP\r\n"), events);
    }

    @Test
    void plusBraceAloneIsNoLiteralHeader() {
        // Found by ImapFuzzTest: "+}" at the start of the stream made the framer read buf[-1] and throw.
        ImapFramer f = new ImapFramer(100, 10, 10_000);
        feed(f, "+}\r\nt2 NOOP\r\n", false);
        assertEquals(List.of("cmd:+}\r\n", "cmd:t2 NOOP\r\n"), events);
    }

    @Test
    void tooBigSynchronizingLiteralIsRefusedWithoutContinuation() {
        ImapFramer f = new ImapFramer(100, 10, 10_000);
        feed(f, "t1 APPEND x {11}\r\nt2 NOOP\r\n", false);
        assertEquals(List.of("big:t1:false", "cmd:t2 NOOP\r\n"), events);
    }

    @Test
    void tooBigNonSynchronizingLiteralIsFatal() {
        ImapFramer f = new ImapFramer(100, 10, 10_000);
        feed(f, "t1 APPEND x {11+}\r\nhello world\r\nt2 NOOP\r\n", false);
        assertEquals(List.of("big:t1:true"), events);
    }

    @Test
    void totalCommandSizeIsBounded() {
        ImapFramer f = new ImapFramer(100, 50, 120);
        StringBuilder s = new StringBuilder("t1 LOGIN");
        for (int i = 0; i < 10; i++) {
            s.append(" {40+}\r\n").append("y".repeat(40));
        }
        feed(f, s + "\r\n", false);
        assertTrue(events.get(events.size() - 1).startsWith("big:t1") || events.get(events.size() - 1).startsWith("long:t1"), events.toString());
    }

    @Test
    void hugeLiteralCountIsNotANumberOverflow() {
        ImapFramer f = new ImapFramer(100, 10, 10_000);
        feed(f, "t1 LOGIN {9999999999999999999999}\r\n", false);
        // too many digits to be a literal header: framed as a line, and the parser answers BAD
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("cmd:t1 LOGIN {"));
    }

    /** RFC 7888 section 4 LITERAL-: a non-synchronizing literal over 4096 octets is refused (fatal), a synchronizing one is not. */
    @Test
    void literalMinusBoundsOnlyNonSynchronizingLiterals() {
        ImapFramer f = new ImapFramer(8192, 8192, 32768);
        f.nonSyncLimit(4096);
        feed(f, "a LOGIN {4096+}\r\n" + "x".repeat(4096) + "\r\n", false);
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("cmd:a LOGIN"));
        events.clear();
        feed(f, "b LOGIN {4097}\r\n", false);
        assertEquals(List.of("+"), events, "a synchronizing literal is bounded by the state's literal limit only");
        f.reset();
        events.clear();
        feed(f, "c LOGIN {4097+}\r\n", false);
        assertEquals(List.of("big:c:true"), events);
    }
}
