package com.mailplatform.smtp.milter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.smtp.filter.Verdict;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a milter sends back, in arbitrary splits, through {@link MilterDecoder} and the readers of the replies
 * ({@link MilterPacket#requireStrings}, {@link MilterPacket#intAt}, {@link MilterConversation#decision}). The
 * contract: a hostile or broken milter causes {@link MilterProtocolException} and nothing else; the decoder never
 * holds more than one packet ({@link MilterProtocol#MAX_PACKET}); framing does not depend on how the bytes were
 * split; a reply the SMTP client will see is a well-formed 4xx/5xx reply (RFC 5321 section 4.2.1).
 * In the milter package because {@code decision} is package-private.
 * Seeds: {@code src/test/resources/com/mailplatform/smtp/milter/MilterFuzzTestInputs/milterReplies}.
 */
class MilterFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void milterReplies(byte[] input) {
        if (input.length == 0) {
            return;
        }
        // Input layout (so that seeds are readable files): the size of each read (1 byte, 0 = all at once), then
        // the bytes from the milter.
        int read = input[0] & 0xff;
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);

        MilterDecoder whole = new MilterDecoder();
        List<MilterPacket> expected = new ArrayList<>();
        boolean wholeFailed = false;
        try {
            expected.addAll(whole.feed(stream));
        } catch (MilterProtocolException e) {
            wholeFailed = true;
        }

        MilterDecoder split = new MilterDecoder();
        List<MilterPacket> got = new ArrayList<>();
        boolean splitFailed = false;
        int pos = 0;
        try {
            while (pos < stream.length) {
                int n = Math.min(stream.length - pos, read == 0 ? stream.length : read);
                got.addAll(split.feed(Arrays.copyOfRange(stream, pos, pos + n)));
                pos += n;
                assertTrue(split.pending() < 4 + MilterProtocol.MAX_PACKET, "decoder holds more than one packet");
            }
        } catch (MilterProtocolException e) {
            splitFailed = true;
        }
        assertEquals(wholeFailed, splitFailed, "a protocol error must not depend on how the bytes were split");
        if (!wholeFailed) {
            assertEquals(expected.size(), got.size());
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i).code(), got.get(i).code());
                assertArrayEquals(expected.get(i).payload(), got.get(i).payload());
                encoded.writeBytes(got.get(i).encode());
            }
            // The packets are the input re-encoded: nothing lost, nothing invented.
            byte[] e = encoded.toByteArray();
            assertArrayEquals(Arrays.copyOf(stream, e.length), e);
            assertEquals(stream.length - e.length, whole.pending());
        }
        for (MilterPacket p : got) {
            read(p);
        }
    }

    /** Reads a packet the way the conversation does; only MilterProtocolException may come out. */
    private static void read(MilterPacket p) {
        assertTrue(p.payload().length < MilterProtocol.MAX_PACKET);
        try {
            switch (p.code()) {
                case MilterProtocol.INSHEADER, MilterProtocol.CHGHEADER -> {
                    p.intAt(0);
                    p.requireStrings(4, 2);
                }
                case MilterProtocol.ADDHEADER -> p.requireStrings(0, 2);
                case MilterProtocol.OPTNEG -> {
                    p.intAt(0);
                    p.intAt(4);
                    p.intAt(8);
                }
                default -> {
                    Verdict v = MilterConversation.decision(p);
                    if (v.reply() != null) {
                        wellFormedReply(v);
                    }
                }
            }
        } catch (MilterProtocolException expected) {
            // the conversation ends and the milter's default action applies
        }
    }

    /** RFC 5321 section 4.2.1: every line "code-text", the last "code text", one code throughout. */
    private static void wellFormedReply(Verdict v) {
        String[] lines = v.reply().split("\r\n", -1);
        String code = lines[0].substring(0, 3);
        assertEquals(v.action() == Verdict.Action.REJECT ? '5' : '4', code.charAt(0), v.reply());
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            assertTrue(l.startsWith(code), "reply line without the code: " + v.reply());
            boolean last = i == lines.length - 1;
            assertTrue(l.length() == 3 ? last : l.charAt(3) == (last ? ' ' : '-'), "bad continuation: " + v.reply());
            for (char c : l.toCharArray()) {
                assertTrue(c != '\r' && c != '\n' && c != 0, "control character in reply: " + v.reply());
            }
        }
    }
}
