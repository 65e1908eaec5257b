package com.mailplatform.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyParserTest {

    @Test
    void multilineReplyEndsAtTheSpaceLine() {
        ReplyParser p = new ReplyParser();
        assertNull(p.feed("250-mx.example.com hello"));
        assertNull(p.feed("250-PIPELINING"));
        SmtpReply r = p.feed("250 SIZE 1000");
        assertEquals(250, r.code());
        assertEquals(List.of("mx.example.com hello", "PIPELINING", "SIZE 1000"), r.lines());
        EhloExtensions ext = EhloExtensions.parse(r);
        assertTrue(ext.has("pipelining"));
        assertEquals(1000, ext.sizeLimit());
    }

    @Test
    void enhancedStatusCodeOrOneDerivedFromTheClass() {
        ReplyParser p = new ReplyParser();
        assertEquals("5.1.1", p.feed("550 5.1.1 <x@y>: Recipient address rejected").dsn());
        assertEquals("4.0.0", p.feed("451 try later").dsn());
        // An enhanced code of another class than the reply is not believed.
        assertEquals("5.0.0", p.feed("550 2.0.0 odd").dsn());
        assertEquals("2.0.0", p.feed("250").dsn());
    }

    @Test
    void hostileRepliesAreProtocolErrors() {
        assertThrows(SmtpProtocolException.class, () -> new ReplyParser().feed("hello"));
        assertThrows(SmtpProtocolException.class, () -> new ReplyParser().feed("25"));
        assertThrows(SmtpProtocolException.class, () -> new ReplyParser().feed("999 no"));
        assertThrows(SmtpProtocolException.class, () -> new ReplyParser().feed("250xfoo"));
        assertThrows(SmtpProtocolException.class, () -> new ReplyParser().feed("250 " + "a".repeat(5000)));
        ReplyParser changing = new ReplyParser();
        changing.feed("250-one");
        assertThrows(SmtpProtocolException.class, () -> changing.feed("550 two"));
        ReplyParser endless = new ReplyParser();
        assertThrows(SmtpProtocolException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                endless.feed("250-more");
            }
        });
    }

    @Test
    void ehloWithoutExtensions() {
        EhloExtensions ext = EhloExtensions.parse(new SmtpReply(250, List.of("mx")));
        assertEquals(0, ext.sizeLimit());
        assertTrue(!ext.has("STARTTLS"));
        assertEquals(0, EhloExtensions.parse(new SmtpReply(250, List.of("mx", "SIZE lots"))).sizeLimit());
    }
}
