package com.mailplatform.smtp.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.mailplatform.common.protocol.InputBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataReaderTest {

    /**
     * Feeds raw bytes, in reads of {@code chunk} octets, through the same input buffer the session uses; returns
     * the reader, whether the end was seen, and what was left after the end marker.
     */
    static Object[] run(String raw, long limit, int chunk) {
        DataReader r = new DataReader(limit);
        boolean end = false;
        InputBuffer in = new InputBuffer(1000);
        byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
        int off = 0;
        for (; off < b.length && !end; off += chunk) {
            in.append(java.util.Arrays.copyOfRange(b, off, Math.min(b.length, off + chunk)));
            InputBuffer.Line line;
            while (!end && (line = in.nextLine()) != null) {
                if (line.overflow()) {
                    r.overflow(line.crlf());
                } else {
                    end = r.line(line.bytes(), line.crlf());
                }
            }
        }
        if (off < b.length) {
            in.append(java.util.Arrays.copyOfRange(b, off, b.length));
        }
        return new Object[]{r, end, new String(in.take(Integer.MAX_VALUE), StandardCharsets.ISO_8859_1)};
    }

    static Object[] run(String raw, long limit) {
        return run(raw, limit, Integer.MAX_VALUE);
    }

    /**
     * Issue: an over-long DATA line, then {@code <LF>.<CR><LF>}, then a second transaction: the over-long line was
     * taken as CRLF-terminated, so "." ended the data and the rest ran as commands (a forged second message).
     */
    @ParameterizedTest
    @ValueSource(ints = {1001, 2000, 100_000})
    void smugglingBehindAnOverlongLineDoesNotEndTheData(int length) {
        String smuggled = "MAIL FROM:<boss@example.test>\r\nRCPT TO:<victim@example.test>\r\nDATA\r\nFrom: boss@example.test\r\n\r\nPay.\r\n";
        String raw = "Subject: x\r\n\r\n" + "A".repeat(length) + "\n.\r\n" + smuggled + ".\r\nQUIT\r\n";
        for (int chunk : new int[]{Integer.MAX_VALUE, 1, 7, 1000, 1001}) {
            Object[] o = run(raw, 10_000_000, chunk);
            assertEquals(true, o[1], "the real CRLF.CRLF ends it");
            assertEquals(DataReader.LINE_TOO_LONG, ((DataReader) o[0]).error());
            assertEquals("QUIT\r\n", o[2], "nothing of the smuggled transaction is left to run as commands (chunk " + chunk + ")");
        }
    }

    @Test
    void anOverlongLineEndedByCrlfStillLetsTheEndMarkerFollow() {
        Object[] o = run("A".repeat(5000) + "\r\n.\r\nQUIT\r\n", 100_000, 333);
        assertEquals(true, o[1]);
        assertEquals("QUIT\r\n", o[2]);
    }

    @Test
    void aDiscardingReaderSwallowsAPipelinedBodyToItsEnd() {
        DataReader r = DataReader.discarding();
        assertTrue(r.discarded());
        assertEquals(false, r.line("MAIL FROM:<x@y>".getBytes(StandardCharsets.US_ASCII), true));
        assertEquals(true, r.line(".".getBytes(StandardCharsets.US_ASCII), true));
        assertEquals(0, r.content().length);
    }

    @Test
    void unstuffsDotsAndEndsAtCrlfDotCrlf() {
        Object[] o = run("Subject: x\r\n\r\n..leading dot\r\n.\r\n", 1000);
        DataReader r = (DataReader) o[0];
        assertEquals(true, o[1]);
        assertNull(r.error());
        assertArrayEquals("Subject: x\r\n\r\n.leading dot\r\n".getBytes(StandardCharsets.US_ASCII), r.content());
    }

    @Test
    void bareLfDotIsNotTheEndAndFailsTheMessage() {
        // The SMTP-smuggling pattern: <LF>.<LF> or <LF>.<CR><LF> must not end the data.
        Object[] o = run("Subject: x\r\n\r\nbody\n.\nMAIL FROM:<evil@x>\r\n", 1000);
        assertEquals(false, o[1]);
        assertEquals(DataReader.BARE_NEWLINE, ((DataReader) o[0]).error());
        o = run("body\n.\r\nRCPT TO:<a@b>\r\n.\r\n", 1000);
        assertEquals(true, o[1], "only the real CRLF.CRLF ends the data");
        assertEquals(DataReader.BARE_NEWLINE, ((DataReader) o[0]).error());
    }

    @Test
    void bareCrFailsTheMessage() {
        Object[] o = run("a\rb\r\n.\r\n", 1000);
        assertEquals(true, o[1]);
        assertEquals(DataReader.BARE_NEWLINE, ((DataReader) o[0]).error());
        o = run("body\r\r\n.\r\n", 1000);
        assertEquals(DataReader.BARE_NEWLINE, ((DataReader) o[0]).error());
    }

    @Test
    void sizeLimitIsEnforcedWhileStreaming() {
        Object[] o = run("0123456789\r\n0123456789\r\n.\r\n", 20);
        DataReader r = (DataReader) o[0];
        assertEquals(true, o[1]);
        assertEquals(DataReader.TOO_BIG, r.error());
        assertEquals(0, r.content().length, "nothing is kept once the limit is passed");
    }

    @Test
    void longTextLinesAreRefusedButTheEndIsStillFound() {
        String longLine = "x".repeat(5000);
        Object[] o = run(longLine + "\r\nok\r\n.\r\n", 100000);
        assertEquals(true, o[1]);
        assertEquals(DataReader.LINE_TOO_LONG, ((DataReader) o[0]).error());
        // 998 octets + CRLF = 1000 is the largest legal line
        o = run("y".repeat(998) + "\r\n.\r\n", 100000);
        assertNull(((DataReader) o[0]).error());
    }
}
