package com.mailplatform.smtp.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.smtp.parse.DataReader;
import com.mailplatform.common.protocol.InputBuffer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The DATA phase as the session runs it: bytes arrive in arbitrary splits, {@link InputBuffer} frames lines
 * (1000 octets, RFC 5321 section 4.5.3.1.6) and {@link DataReader} looks for the end. The contract, checked
 * against a model of the byte stream:
 * <ul>
 * <li>the data ends exactly after the first CRLF "." CRLF, counting the CRLF that ended the DATA command
 * (RFC 5321 section 4.1.1.4), and nowhere else, whatever came before (no SMTP smuggling, however long the
 * line, however the bytes were split); the bytes after it stay buffered for the next command;</li>
 * <li>an accepted message is exactly the dot-unstuffed lines, and never more than the size limit;</li>
 * <li>memory is bounded: after the session drains the buffer, less than one line limit stays in it.</li>
 * </ul>
 * Seeds: {@code src/test/resources/com/mailplatform/smtp/fuzz/SmtpDataFuzzTestInputs/dataPhase}.
 */
class SmtpDataFuzzTest {

    private static final int MAX_LINE = 1000;
    private static final byte[] END = {'\r', '\n', '.', '\r', '\n'};

    @FuzzTest(maxDuration = "5s")
    void dataPhase(byte[] raw) {
        if (raw.length < 3) {
            return;
        }
        // Input layout (so that seeds are readable files): the size limit in 16-octet units (2 bytes, big-endian),
        // the size of each network read (1 byte, 0 = all at once), then the bytes after "DATA\r\n".
        long limit = (((raw[0] & 0xff) << 8) | (raw[1] & 0xff)) * 16L;
        int read = raw[2] & 0xff;
        byte[] stream = Arrays.copyOfRange(raw, 3, raw.length);

        InputBuffer input = new InputBuffer(MAX_LINE);
        DataReader reader = new DataReader(limit);
        long appended = 0;
        long consumedAtEnd = -1;
        int pos = 0;
        while (pos < stream.length && consumedAtEnd < 0) {
            int n = Math.min(stream.length - pos, read == 0 ? stream.length : read);
            input.append(Arrays.copyOfRange(stream, pos, pos + n));
            pos += n;
            appended += n;
            for (InputBuffer.Line line; (line = input.nextLine()) != null; ) {
                boolean end;
                if (line.overflow()) {
                    reader.overflow(line.crlf());
                    end = false;
                } else {
                    end = reader.line(line.bytes(), line.crlf());
                }
                if (end) {
                    consumedAtEnd = appended - input.available();
                    break;
                }
            }
            if (consumedAtEnd < 0) {
                assertTrue(input.available() < MAX_LINE, "buffered " + input.available() + " octets after draining");
            }
            assertTrue(reader.content().length <= limit, "message kept over the size limit");
        }

        int expectedEnd = endOfData(stream);
        assertEquals(expectedEnd, consumedAtEnd, "the data must end right after the first CRLF.CRLF");
        if (expectedEnd >= 0 && reader.error() == null) {
            assertArrayEquals(unstuffed(stream, expectedEnd), reader.content());
        }
    }

    /** Octets up to and including the end marker, or -1; the DATA command's own CRLF counts as the first CRLF. */
    static int endOfData(byte[] stream) {
        byte[] s = new byte[stream.length + 2];
        s[0] = '\r';
        s[1] = '\n';
        System.arraycopy(stream, 0, s, 2, stream.length);
        outer:
        for (int i = 0; i + END.length <= s.length; i++) {
            for (int j = 0; j < END.length; j++) {
                if (s[i + j] != END[j]) {
                    continue outer;
                }
            }
            return i + END.length - 2;
        }
        return -1;
    }

    /** The message before the end marker, each line with its leading dot removed (RFC 5321 section 4.5.2). */
    static byte[] unstuffed(byte[] stream, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bodyEnd = end - 3; // ".\r\n"
        int start = 0;
        while (start < bodyEnd) {
            int skip = stream[start] == '.' ? 1 : 0;
            int lf = start;
            while (stream[lf] != '\n') {
                lf++;
            }
            out.write(stream, start + skip, lf + 1 - start - skip);
            start = lf + 1;
        }
        return out.toByteArray();
    }
}
