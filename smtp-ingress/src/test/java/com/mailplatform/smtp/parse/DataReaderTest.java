package com.mailplatform.smtp.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mailplatform.common.io.LineFramer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataReaderTest {

    /** Feeds raw bytes through the same framer the server uses; returns the reader and whether the end was seen. */
    static Object[] run(String raw, long limit) {
        DataReader r = new DataReader(limit);
        boolean[] end = {false};
        LineFramer f = new LineFramer(1000);
        byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
        f.feed(b, 0, b.length, new LineFramer.Sink() {
            @Override
            public void line(byte[] line, boolean crlf) {
                if (!end[0] && r.line(line, crlf)) {
                    end[0] = true;
                }
            }

            @Override
            public void overflow() {
                r.overflow();
            }
        });
        return new Object[]{r, end[0]};
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
