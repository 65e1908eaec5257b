package com.mailplatform.common.protocol;

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
    void overlongLineIsDroppedAsItArrivesAndReportedOnceAtItsEnd() {
        InputBuffer in = new InputBuffer(1000);
        for (int i = 0; i < 100; i++) {
            in.append(b("x".repeat(1000)));
            assertNull(in.nextLine(), "nothing to report before the line ends");
            assertTrue(in.available() < 2000, "never buffers without bound");
        }
        in.append(b("tail\r\nQUIT\r\n"));
        InputBuffer.Line l = in.nextLine();
        assertTrue(l.overflow());
        assertTrue(l.crlf(), "the dropped line ended in CRLF");
        assertEquals("QUIT", new String(in.nextLine().bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void overflowTellsABareLfEndFromACrlfEndEvenWhenTheCrCameInAnEarlierRead() {
        InputBuffer in = new InputBuffer(1000);
        in.append(b("y".repeat(2000)));
        assertNull(in.nextLine());
        in.append(b("\n.\r\n"));
        InputBuffer.Line l = in.nextLine();
        assertTrue(l.overflow());
        assertFalse(l.crlf(), "<LF> alone ended the long line: the smuggling sequence");
        assertEquals(".", new String(in.nextLine().bytes(), StandardCharsets.US_ASCII));
        in.append(b("z".repeat(1500) + "\r"));
        assertNull(in.nextLine());
        in.append(b("\n"));
        l = in.nextLine();
        assertTrue(l.overflow());
        assertTrue(l.crlf(), "the CR arrived with the dropped part, the LF alone");
    }

    @Test
    void limitFollowsTheSessionState() {
        InputBuffer in = new InputBuffer(16);
        in.append(b("A1 LOGIN " + "p".repeat(20) + "\r\n"));
        assertTrue(in.nextLine().overflow());
        in.maxLine(1000);
        in.append(b("A1 LOGIN " + "p".repeat(20) + "\r\n"));
        assertFalse(in.nextLine().overflow());
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

    @Test
    void aClearFromInsideAFramerIsNotUndone() {
        InputBuffer in = new InputBuffer(1000);
        in.append(b("s1 STARTTLS\r\ns2 LOGIN injected\r\n"));
        in.feed((data, off, len) -> {
            in.clear();
            return 13;
        });
        assertEquals(0, in.available());
        in.append(b("s3 NOOP\r\n"));
        assertEquals("s3 NOOP", new String(in.nextLine().bytes(), StandardCharsets.US_ASCII));
    }
}
