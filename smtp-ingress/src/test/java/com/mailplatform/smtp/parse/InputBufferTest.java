package com.mailplatform.smtp.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputBufferTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void tenThousandPipelinedCommandsComeOutInOrder() {
        InputBuffer in = new InputBuffer(1000);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("NOOP ").append(i).append("\r\n");
        }
        in.append(b(sb.toString()));
        for (int i = 0; i < 10_000; i++) {
            InputBuffer.Line l = in.nextLine();
            assertEquals("NOOP " + i, new String(l.bytes(), StandardCharsets.US_ASCII));
            assertTrue(l.crlf());
        }
        assertNull(in.nextLine());
    }

    @Test
    void overlongLineIsReportedOnceAndBufferingStops() {
        InputBuffer in = new InputBuffer(1000);
        for (int i = 0; i < 100; i++) {
            in.append(b("x".repeat(1000)));
            InputBuffer.Line l = in.nextLine();
            if (i == 0) {
                assertTrue(l.overflow());
            } else {
                assertNull(l, "the rest of the long line is dropped silently");
            }
            assertTrue(in.available() < 2000, "never buffers without bound");
        }
        in.append(b("tail\r\nQUIT\r\n"));
        assertEquals("QUIT", new String(in.nextLine().bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void lineArrivingByteByByteAndBareLf() {
        InputBuffer in = new InputBuffer(1000);
        for (byte x : b("HELO a\r")) {
            in.append(new byte[]{x});
            assertNull(in.nextLine());
        }
        in.append(b("\nRSET\n"));
        InputBuffer.Line l = in.nextLine();
        assertEquals("HELO a", new String(l.bytes(), StandardCharsets.US_ASCII));
        l = in.nextLine();
        assertFalse(l.crlf(), "bare LF is reported as such");
    }

    @Test
    void bytesAreTakenExactlyForBdatAndClearDropsInjectedCommands() {
        InputBuffer in = new InputBuffer(1000);
        in.append(b("abc\r\nde\0fQUIT\r\n"));
        assertArrayEquals(b("abc\r\nde\0f"), in.take(9));
        assertEquals("QUIT", new String(in.nextLine().bytes(), StandardCharsets.US_ASCII));
        in.append(b("MAIL FROM:<injected@x>\r\n"));
        in.clear();
        assertNull(in.nextLine());
        assertEquals(0, in.available());
    }
}
