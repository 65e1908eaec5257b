package com.mailplatform.gateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.gateway.managesieve.parse.ManageSieveParser;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import com.mailplatform.gateway.managesieve.parse.SieveParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ManageSieve input path as the session frames it: bytes in arbitrary splits, {@link ManageSieveParser#parse}
 * on what is buffered, a complete command consumed, a bad one skipped to its CRLF. The contract: only
 * {@link SieveParseException} for hostile input, the same commands whatever the splits, and a buffer that stays
 * bounded by the line and literal limits (the session drops a bad line without a CRLF as it arrives).
 * Seeds: {@code src/test/resources/com/mailplatform/gateway/fuzz/ManageSieveFuzzTestInputs/manageSieveInput}.
 */
class ManageSieveFuzzTest {

    private static final int MAX_LITERAL = 4096;

    @FuzzTest(maxDuration = "5s")
    void manageSieveInput(byte[] raw) {
        if (raw.length < 1) {
            return;
        }
        // layout: the size of each network read (1 byte, 0 = all at once), then the client's bytes
        int read = raw[0] & 0xff;
        byte[] stream = Arrays.copyOfRange(raw, 1, raw.length);
        List<String> whole = frame(stream, stream.length);
        if (read != 0) {
            assertEquals(whole, frame(stream, read), "framing must not depend on how the bytes were split");
        }
    }

    private static List<String> frame(byte[] stream, int read) {
        List<String> events = new ArrayList<>();
        byte[] buf = new byte[0];
        boolean discarding = false;
        for (int pos = 0; pos < stream.length; pos += read) {
            byte[] in = Arrays.copyOfRange(stream, pos, Math.min(stream.length, pos + read));
            byte[] joined = Arrays.copyOf(buf, buf.length + in.length);
            System.arraycopy(in, 0, joined, buf.length, in.length);
            buf = joined;
            while (buf.length > 0) {
                if (discarding) {
                    int n = ManageSieveParser.skip(buf, buf.length);
                    if (n < 0) {
                        buf = Arrays.copyOfRange(buf, Math.max(0, buf.length - 1), buf.length);
                        break;
                    }
                    discarding = false;
                    buf = Arrays.copyOfRange(buf, n, buf.length);
                    continue;
                }
                try {
                    ManageSieveParser.Result r = ManageSieveParser.parse(buf, buf.length, MAX_LITERAL);
                    if (!r.complete()) {
                        break;
                    }
                    SieveCommand c = r.command();
                    events.add(c.keyword() + " " + c.args());
                    buf = Arrays.copyOfRange(buf, r.consumed(), buf.length);
                } catch (SieveParseException e) {
                    events.add("NO " + e.getMessage());
                    int n = ManageSieveParser.skip(buf, buf.length);
                    if (n < 0) {
                        discarding = true;
                        buf = Arrays.copyOfRange(buf, Math.max(0, buf.length - 1), buf.length);
                        break;
                    }
                    buf = Arrays.copyOfRange(buf, n, buf.length);
                }
            }
            assertTrue(buf.length <= ManageSieveParser.MAX_LINE * 2 + MAX_LITERAL + 64, "buffer holds " + buf.length + " octets");
        }
        return events;
    }
}
