package com.mailplatform.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DotStufferTest {

    private static final String MESSAGE = "Subject: dots\r\n"
            + "From: a@example.org\r\n"
            + "\r\n"
            + ".leading dot\r\n"
            + "..two dots\r\n"
            + "middle . dot\r\n"
            + ".\r\n"
            + "last line\r\n";

    private static final String STUFFED = "Subject: dots\r\n"
            + "From: a@example.org\r\n"
            + "\r\n"
            + "..leading dot\r\n"
            + "...two dots\r\n"
            + "middle . dot\r\n"
            + "..\r\n"
            + "last line\r\n"
            + ".\r\n";

    /** Feeds {@code message} in chunks of {@code size} bytes and returns everything the encoder produced. */
    private static String encode(DotStuffer encoder, String message, int size) {
        byte[] in = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < in.length && !encoder.done(); off += size) {
            out.writeBytes(encoder.encode(in, off, Math.min(size, in.length - off)));
        }
        out.writeBytes(encoder.finish());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dotAtLineStartIsDoubled() {
        assertEquals(STUFFED, encode(DotStuffer.whole(), MESSAGE, Integer.MAX_VALUE));
    }

    @Test
    void everyChunkSizeGivesTheSameResult() {
        for (int size = 1; size <= MESSAGE.length(); size++) {
            assertEquals(STUFFED, encode(DotStuffer.whole(), MESSAGE, size), "chunk size " + size);
        }
    }

    @Test
    void dotRightAfterAChunkBoundary() {
        DotStuffer e = DotStuffer.whole();
        assertEquals("a\r\n", ascii(e.encode(bytes("a\r\n"))));
        assertEquals("..b\r\n", ascii(e.encode(bytes(".b\r\n"))));
        // CR in one chunk, LF in the next: the dot after them still starts a line
        assertEquals("c\r", ascii(e.encode(bytes("c\r"))));
        assertEquals("\n", ascii(e.encode(bytes("\n"))));
        assertEquals("..", ascii(e.encode(bytes("."))));
        // a dot that is not at a line start is left alone, even as the first byte of a chunk
        assertEquals(".", ascii(e.encode(bytes("."))));
        assertEquals("x\r\n", ascii(e.encode(bytes("x\r\n"))));
        assertEquals(".\r\n", ascii(e.finish()));
    }

    @Test
    void veryFirstByteIsALineStart() {
        assertEquals("..\r\n.\r\n", encode(DotStuffer.whole(), ".\r\n", 1));
    }

    @Test
    void messageWithoutFinalCrlfGetsOneBeforeTheTerminator() {
        assertEquals("abc\r\n.\r\n", encode(DotStuffer.whole(), "abc", 2));
        assertEquals("..\r\n.\r\n", encode(DotStuffer.whole(), ".", 1));
    }

    @Test
    void emptyMessage() {
        assertEquals(".\r\n", encode(DotStuffer.whole(), "", 1));
        assertEquals(0, DotStuffer.whole().encode(new byte[0]).length);
    }

    @Test
    void bareLfAlsoStartsALine() {
        assertEquals("a\n..b\r\n.\r\n", encode(DotStuffer.whole(), "a\n.b\r\n", 1));
    }

    @Test
    void manyDotsGrowTheBuffer() {
        String dots = ".\r\n".repeat(1000);
        assertEquals("..\r\n".repeat(1000) + ".\r\n", encode(DotStuffer.whole(), dots, 4096));
    }

    @Test
    void bytesAreNotAltered() {
        byte[] random = new byte[10_000];
        new Random(42).nextBytes(random);
        for (int i = 0; i < random.length; i++) {
            if (random[i] == '.') {
                random[i] = '-';
            }
        }
        DotStuffer e = DotStuffer.whole();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < random.length; off += 333) {
            out.writeBytes(e.encode(random, off, Math.min(333, random.length - off)));
        }
        assertEquals(java.util.Arrays.toString(random), java.util.Arrays.toString(out.toByteArray()));
    }

    @Test
    void topZeroSendsHeaderAndBlankLine() {
        for (int size = 1; size <= MESSAGE.length(); size++) {
            DotStuffer e = DotStuffer.top(0);
            assertEquals("Subject: dots\r\nFrom: a@example.org\r\n\r\n.\r\n", encode(e, MESSAGE, size), "chunk size " + size);
            assertTrue(e.done());
        }
    }

    @Test
    void topCountsBodyLinesAndStuffsThem() {
        for (int size = 1; size <= MESSAGE.length(); size++) {
            assertEquals("Subject: dots\r\nFrom: a@example.org\r\n\r\n..leading dot\r\n...two dots\r\n.\r\n",
                    encode(DotStuffer.top(2), MESSAGE, size), "chunk size " + size);
        }
    }

    @Test
    void topBeyondTheBodyIsTheWholeMessage() {
        DotStuffer e = DotStuffer.top(100);
        assertEquals(STUFFED, encode(e, MESSAGE, 7));
        assertFalse(e.done());
    }

    @Test
    void topStopsMidChunkAndIgnoresTheRest() {
        DotStuffer e = DotStuffer.top(1);
        assertEquals("H: v\r\n\r\nbody1\r\n", ascii(e.encode(bytes("H: v\r\n\r\nbody1\r\nbody2\r\n"))));
        assertTrue(e.done());
        assertEquals(0, e.encode(bytes("more\r\n")).length);
        assertEquals(".\r\n", ascii(e.finish()));
    }

    @Test
    void topOnHeaderOnlyMessage() {
        assertEquals("A: b\r\nC: d\r\n.\r\n", encode(DotStuffer.top(5), "A: b\r\nC: d\r\n", 3));
    }

    @Test
    void topBlankLineSplitAcrossChunks() {
        DotStuffer e = DotStuffer.top(0);
        e.encode(bytes("A: b\r\n\r"));
        assertFalse(e.done());
        assertEquals("\n", ascii(e.encode(bytes("\nbody\r\n"))));
        assertTrue(e.done());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static String smtp(String s) {
        return new String(DotStuffer.smtpData(s.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void smtpDataDoublesLeadingDotsAndEnds() {
        assertEquals("a\r\n..b\r\n...\r\n.\r\n", smtp("a\r\n.b\r\n..\r\n"));
        assertEquals("..\r\n.\r\n", smtp("."));
        assertEquals(".\r\n", smtp(""));
    }

    @Test
    void smtpDataMakesBareLineEndsCrlfSoTheEndCannotBeSmuggled() {
        // "\n.\n" would end the data early at a lenient receiver (SMTP smuggling); it becomes a stuffed line.
        assertEquals("x\r\n..\r\ny\r\n.\r\n", smtp("x\n.\ny"));
        assertEquals("x\r\n..\r\ny\r\n.\r\n", smtp("x\r.\ry"));
        assertEquals("no newline\r\n.\r\n", smtp("no newline"));
    }
}
