package com.mailplatform.smtp.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BdatReaderTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunksJoinWithoutUnstuffing() {
        BdatReader r = new BdatReader(1000);
        r.feed(b("Subject: x\r"));
        r.feed(b("\n\r\n.dot stays\r\n"));
        r.finish();
        assertNull(r.error());
        assertArrayEquals(b("Subject: x\r\n\r\n.dot stays\r\n"), r.content());
    }

    @Test
    void bareNewlinesAcrossChunksAreRefused() {
        BdatReader r = new BdatReader(1000);
        r.feed(b("a\r"));
        r.feed(b("b\r\n"));
        assertEquals(MessageReader.BARE_NEWLINE, r.error());
        r = new BdatReader(1000);
        r.feed(b("a\nb\r\n"));
        assertEquals(MessageReader.BARE_NEWLINE, r.error());
        r = new BdatReader(1000);
        r.feed(b("a\r\nb\r"));
        r.finish();
        assertEquals(MessageReader.BARE_NEWLINE, r.error());
    }

    @Test
    void limitsHold() {
        BdatReader r = new BdatReader(10);
        r.feed(b("0123456789\r\n"));
        assertEquals(MessageReader.TOO_BIG, r.error());
        assertEquals(0, r.content().length);
        r = new BdatReader(100_000);
        r.feed(b("y".repeat(999) + "\r\n"));
        assertEquals(MessageReader.LINE_TOO_LONG, r.error());
    }
}
