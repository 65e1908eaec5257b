package com.mailplatform.gateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.parse.ImapFramer;
import com.mailplatform.gateway.imap.parse.ImapParseException;
import com.mailplatform.gateway.imap.parse.ImapParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The IMAP input path as the session runs it: bytes in arbitrary splits through {@link ImapFramer}, each framed
 * command through {@link ImapParser}. The contract: the framer never hands over a command larger than its limits
 * (so it never holds more), its decisions do not depend on how the bytes were split, and the parser answers
 * hostile input with {@link ImapParseException} (a BAD reply) and nothing else (RFC 9051 section 7.1.5).
 * Seeds: {@code src/test/resources/com/mailplatform/gateway/fuzz/ImapFuzzTestInputs/imapInput}.
 */
class ImapFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void imapInput(byte[] raw) {
        if (raw.length < 4) {
            return;
        }
        // Input layout (so that seeds are readable files): maxLine and maxLiteral in 16-octet units (1 byte each,
        // 0 = the production defaults), the size of each network read (1 byte, 0 = all at once), a byte left for
        // later use, then the client's bytes.
        int maxLine = raw[0] == 0 ? 65536 : (raw[0] & 0xff) * 16;
        long maxLiteral = raw[1] == 0 ? 52428800L : (raw[1] & 0xff) * 16L;
        long maxCommand = maxLiteral + maxLine * 4L;
        int read = raw[2] & 0xff;
        byte[] stream = java.util.Arrays.copyOfRange(raw, 4, raw.length);

        List<String> whole = frame(stream, stream.length, maxLine, maxLiteral, maxCommand);
        if (read != 0) {
            assertEquals(whole, frame(stream, read, maxLine, maxLiteral, maxCommand),
                    "framing must not depend on how the bytes were split");
        }
    }

    /** The framer's events as text, each command also run through the parser. */
    private static List<String> frame(byte[] stream, int read, int maxLine, long maxLiteral, long maxCommand) {
        List<String> events = new ArrayList<>();
        ImapFramer framer = new ImapFramer(maxLine, maxLiteral, maxCommand);
        ImapFramer.Sink sink = new ImapFramer.Sink() {
            @Override
            public void command(byte[] bytes) {
                assertTrue(bytes.length <= maxCommand, "command of " + bytes.length + " octets over the limit");
                assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\n', "a command ends with its line");
                events.add("command " + new String(bytes, StandardCharsets.ISO_8859_1));
                parse(bytes);
            }

            @Override
            public void continuation() {
                events.add("+");
            }

            @Override
            public void lineTooLong(String tag) {
                events.add("line too long " + tag);
            }

            @Override
            public void literalTooBig(String tag, boolean fatal) {
                events.add("literal too big " + tag + " " + fatal);
            }
        };
        // as the session pulls: each read offered until the framer has taken all of it, one command at a time
        for (int pos = 0; pos < stream.length; ) {
            int end = Math.min(stream.length, pos + read);
            int used = framer.feed(stream, pos, end - pos, sink);
            pos += used;
            if (used == 0) {
                break;
            }
        }
        return events;
    }

    private static void parse(byte[] command) {
        try {
            ImapCommand c = ImapParser.parse(command);
            assertTrue(c.tag() != null && !c.tag().isEmpty(), "a command without a tag");
            String text = new String(command, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith(c.tag() + " "), "tag " + c.tag() + " is not the first token");
        } catch (ImapParseException e) {
            // answered with BAD; the tag, when known, is the first token of the command
            if (e.tag() != null) {
                assertTrue(new String(command, StandardCharsets.ISO_8859_1).startsWith(e.tag()), "tag " + e.tag());
            }
        }
    }
}
