package com.mailplatform.common.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5321 section 4.2 replies from normal and hostile servers (the delivery client's and admin-api probe's parser). */
class ReplyParserTest {

    @Test
    void multilineReplyEndsAtTheSpaceLine() {
        ReplyParser p = new ReplyParser();
        assertNull(p.feed("250-mx.example.com hello"));
        assertNull(p.feed("250-PIPELINING"));
        assertNull(p.feed("250-starttls"));
        SmtpReply r = p.feed("250 SIZE 1000");
        assertEquals(250, r.code());
        assertEquals(List.of("mx.example.com hello", "PIPELINING", "starttls", "SIZE 1000"), r.lines());
        EhloExtensions ext = EhloExtensions.parse(r);
        assertTrue(ext.has("pipelining"));
        assertTrue(ext.has("STARTTLS"), "keywords are case-insensitive (RFC 5321 section 2.4)");
        assertFalse(ext.has("AUTH"));
        assertFalse(ext.has("mx.example.com"), "the first line is the greeting, not an extension");
        assertEquals(1000, ext.sizeLimit());
    }

    @Test
    void theParserStartsOverAfterEachReply() {
        ReplyParser p = new ReplyParser();
        assertEquals(220, p.feed("220").code());
        assertEquals(List.of(""), new ReplyParser().feed("220").lines());
        assertNull(p.feed("250-a"));
        assertEquals(List.of("a", "b"), p.feed("250 b").lines());
        // pipelined replies of other codes follow one another (RFC 2920 section 3.1)
        assertEquals(550, p.feed("550 5.1.1 no").code());
        assertEquals(354, p.feed("354 go").code());
    }

    @Test
    void enhancedStatusCodeOrOneDerivedFromTheClass() {
        ReplyParser p = new ReplyParser();
        assertEquals("5.1.1", p.feed("550 5.1.1 <x@y>: Recipient address rejected").dsn());
        assertEquals("4.0.0", p.feed("451 try later").dsn());
        // An enhanced code of another class than the reply is not believed.
        assertEquals("5.0.0", p.feed("550 2.0.0 odd").dsn());
        assertEquals("2.0.0", p.feed("250").dsn());
        assertEquals("5.0.0", p.feed("550 5.1.1234 too many digits").dsn());
        assertTrue(p.feed("452 4.2.2 full").transientFailure());
        assertTrue(p.feed("554 no").permanentFailure());
        assertTrue(p.feed("354 go ahead").positive());
        assertEquals("550 5.1.1 a b", new SmtpReply(550, List.of("5.1.1 a", "b")).oneLine());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "25", "hello", "abc hello", "25x hello", "250xfoo", "999 no", "199 too low", "099 no",
            "-250 x", " 250 x", "２５０ fullwidth digits"})
    void garbageRepliesAreRefused(String line) {
        assertThrows(MalformedReplyException.class, () -> new ReplyParser().feed(line));
    }

    @Test
    void repliesAreBounded() {
        assertEquals(250, new ReplyParser().feed("250 " + "x".repeat(ReplyParser.MAX_LINE - 4)).code());
        assertThrows(MalformedReplyException.class, () -> new ReplyParser().feed("250 " + "x".repeat(ReplyParser.MAX_LINE)));
        assertThrows(MalformedReplyException.class, () -> new ReplyParser().feed("250 " + "a".repeat(5000)));
        ReplyParser endless = new ReplyParser();
        for (int i = 0; i < ReplyParser.MAX_LINES - 1; i++) {
            assertNull(endless.feed("250-more"));
        }
        assertThrows(MalformedReplyException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                endless.feed("250-more");
            }
        });
    }

    @Test
    void theCodeMayNotChangeWithinAReply() {
        ReplyParser changing = new ReplyParser();
        changing.feed("250-one");
        assertThrows(MalformedReplyException.class, () -> changing.feed("550 two"));
        ReplyParser continuation = new ReplyParser();
        continuation.feed("250-one");
        assertThrows(MalformedReplyException.class, () -> continuation.feed("251-two"));
    }

    @Test
    void hostileTextIsLoggedPrintable() {
        MalformedReplyException e = assertThrows(MalformedReplyException.class,
                () -> new ReplyParser().feed("ab\u001b[2J\r" + "z".repeat(500)));
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
        assertTrue(e.getMessage().length() < 150, e.getMessage());
    }

    @Test
    void ehloWithoutExtensions() {
        EhloExtensions ext = EhloExtensions.parse(new SmtpReply(250, List.of("mx")));
        assertEquals(0, ext.sizeLimit());
        assertFalse(ext.has("STARTTLS"));
        assertEquals(0, EhloExtensions.parse(new SmtpReply(250, List.of("mx", "SIZE lots"))).sizeLimit());
        assertEquals(0, EhloExtensions.parse(new SmtpReply(250, List.of("mx", "SIZE"))).sizeLimit());
        assertFalse(EhloExtensions.parse(new SmtpReply(250, List.of("mx", "  ", ""))).has(""));
    }
}
