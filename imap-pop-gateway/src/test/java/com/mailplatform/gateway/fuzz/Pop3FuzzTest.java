package com.mailplatform.gateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.common.protocol.InputBuffer;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import com.mailplatform.gateway.pop3.parse.Pop3ParseException;
import com.mailplatform.gateway.pop3.parse.Pop3Parser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The POP3 input path as the session runs it: bytes in arbitrary splits through {@link InputBuffer} at
 * {@link Pop3Parser#FRAMER_LIMIT}, each line through {@link Pop3Parser}. The contract: the framer holds less than
 * its limit and frames the same lines whatever the splits; the parser answers hostile input with
 * {@link Pop3ParseException} carrying one of its documented reasons (sent after "-ERR ") and nothing else, and
 * what it accepts obeys RFC 1939 and RFC 2449 section 4 (255 octets, printable, message numbers from 1).
 * Seeds: {@code src/test/resources/com/mailplatform/gateway/fuzz/Pop3FuzzTestInputs/pop3Input}.
 */
class Pop3FuzzTest {

    private static final Set<String> REASONS = Set.of(Pop3Parser.LINE_TOO_LONG, Pop3Parser.UNKNOWN_COMMAND,
            Pop3Parser.INVALID_CHARACTERS, Pop3Parser.MISSING_ARGUMENT, Pop3Parser.TOO_MANY_ARGUMENTS,
            Pop3Parser.INVALID_MESSAGE_NUMBER, Pop3Parser.INVALID_LINE_COUNT);

    @FuzzTest(maxDuration = "5s")
    void pop3Input(byte[] raw) {
        if (raw.length < 1) {
            return;
        }
        // Input layout (so that seeds are readable files): the size of each network read (1 byte, 0 = all at
        // once), then the client's bytes.
        int read = raw[0] & 0xff;
        byte[] stream = Arrays.copyOfRange(raw, 1, raw.length);
        List<String> whole = frame(stream, stream.length);
        if (read != 0) {
            assertEquals(whole, frame(stream, read), "framing must not depend on how the bytes were split");
        }
    }

    private static List<String> frame(byte[] stream, int read) {
        List<String> events = new ArrayList<>();
        InputBuffer input = new InputBuffer(Pop3Parser.FRAMER_LIMIT);
        for (int pos = 0; pos < stream.length; pos += read) {
            input.append(Arrays.copyOfRange(stream, pos, Math.min(stream.length, pos + read)));
            for (InputBuffer.Line line; (line = input.nextLine()) != null; ) {
                if (line.overflow()) {
                    events.add("overflow");
                    continue;
                }
                assertTrue(line.bytes().length < Pop3Parser.FRAMER_LIMIT);
                events.add((line.crlf() ? "crlf " : "lf ") + new String(line.bytes(), StandardCharsets.ISO_8859_1));
                parse(line.bytes());
            }
            assertTrue(input.available() < Pop3Parser.FRAMER_LIMIT, "buffer holds " + input.available() + " octets");
        }
        return events;
    }

    private static void parse(byte[] line) {
        Pop3Command c;
        try {
            c = Pop3Parser.parse(line);
        } catch (Pop3ParseException e) {
            assertTrue(REASONS.contains(e.getMessage()), "undocumented reason: " + e.getMessage());
            return;
        }
        assertTrue(line.length + 2 <= Pop3Parser.MAX_COMMAND_OCTETS);
        for (byte b : line) {
            assertTrue((b & 0xff) >= 0x20 && b != 0x7f, "control character accepted");
        }
        if (c instanceof Pop3Command.Retr r) {
            assertTrue(r.msg() >= 1);
        } else if (c instanceof Pop3Command.Dele d) {
            assertTrue(d.msg() >= 1);
        } else if (c instanceof Pop3Command.Top t) {
            assertTrue(t.msg() >= 1 && t.lines() >= 0);
        }
    }
}
