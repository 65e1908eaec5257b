package com.mailplatform.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DotStuffingTest {

    private static String enc(String s) {
        return new String(DotStuffing.encode(s.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void leadingDotsAreDoubledAndTheDataEnds() {
        assertEquals("a\r\n..b\r\n...\r\n.\r\n", enc("a\r\n.b\r\n..\r\n"));
        assertEquals("..\r\n.\r\n", enc("."));
        assertEquals(".\r\n", enc(""));
    }

    @Test
    void bareLineEndsBecomeCrlfSoTheEndCannotBeSmuggled() {
        // "\n.\n" would end the data early at a lenient receiver (SMTP smuggling); it becomes a stuffed line.
        assertEquals("x\r\n..\r\ny\r\n.\r\n", enc("x\n.\ny"));
        assertEquals("x\r\n..\r\ny\r\n.\r\n", enc("x\r.\ry"));
        assertEquals("no newline\r\n.\r\n", enc("no newline"));
    }

    @Test
    void eightBitIsDetected() {
        assertTrue(DotStuffing.eightBit("caf\u00e9".getBytes(StandardCharsets.UTF_8)));
        assertFalse(DotStuffing.eightBit("plain".getBytes(StandardCharsets.US_ASCII)));
    }
}
