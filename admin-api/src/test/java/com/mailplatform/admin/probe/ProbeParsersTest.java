package com.mailplatform.admin.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The probe's pure parts against normal and hostile input: targets, SMTP replies, certificate names. */
class ProbeParsersTest {

    @Test
    void targets() {
        assertEquals(new ProbeTarget("mx.example.test", 25), ProbeTarget.parse("mx.example.test"));
        assertEquals(new ProbeTarget("mx.example.test", 587), ProbeTarget.parse(" mx.example.test:587 "));
        assertEquals(new ProbeTarget("127.0.0.1", 2525), ProbeTarget.parse("127.0.0.1:2525"));
        assertEquals(new ProbeTarget("::1", 25), ProbeTarget.parse("[::1]:25"));
        assertEquals(new ProbeTarget("2001:db8::1", 25), ProbeTarget.parse("[2001:db8::1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":25", "host:0", "host:65536", "host:x", "bad_host", "a..b", "[::1", "[::1]x", "[not-v6]:25",
            "host:25:25", "-lead.example", "ex ample.test"})
    void hostileTargetsAreRefused(String target) {
        assertThrows(IllegalArgumentException.class, () -> ProbeTarget.parse(target));
    }

    @Test
    void multilineReply() {
        SmtpReply.Reader r = new SmtpReply.Reader();
        assertNull(r.accept("250-mx.example.test"));
        assertNull(r.accept("250-STARTTLS"));
        assertNull(r.accept("250-size 1000"));
        SmtpReply reply = r.accept("250 8BITMIME");
        assertEquals(250, reply.code());
        assertEquals(List.of("STARTTLS", "size 1000", "8BITMIME"), reply.capabilities());
        assertTrue(reply.has("STARTTLS"));
        assertTrue(reply.has("SIZE"));
        assertFalse(reply.has("AUTH"));
        assertEquals(220, new SmtpReply.Reader().accept("220").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "abc hello", "25x hello", "250xhello"})
    void garbageRepliesAreRefused(String line) {
        assertThrows(IllegalArgumentException.class, () -> new SmtpReply.Reader().accept(line));
    }

    @Test
    void repliesAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new SmtpReply.Reader().accept("250 " + "x".repeat(SmtpReply.MAX_LINE)));
        SmtpReply.Reader r = new SmtpReply.Reader();
        assertThrows(IllegalArgumentException.class, () -> {
            for (int i = 0; i < SmtpReply.MAX_LINES + 5; i++) {
                r.accept("250-line");
            }
        });
        SmtpReply.Reader mixed = new SmtpReply.Reader();
        mixed.accept("250-first");
        assertThrows(IllegalArgumentException.class, () -> mixed.accept("550 other code"));
    }

    @Test
    void certificateNames() {
        assertTrue(HostNames.matchesAny("MX.Example.test", List.of("mx.example.test")));
        assertTrue(HostNames.matchesAny("mx.example.test", List.of("*.example.test")));
        assertFalse(HostNames.matchesAny("a.mx.example.test", List.of("*.example.test")), "a wildcard covers one label");
        assertFalse(HostNames.matchesAny("example.test", List.of("*.example.test")));
        assertFalse(HostNames.matchesAny("x.test", List.of("*.test")), "no wildcard over a top-level domain");
        assertFalse(HostNames.matchesAny("mx.example.test", List.of()));
    }
}
