package com.mailplatform.common.protocol;

import java.util.Arrays;

/**
 * Bytes received but not yet consumed: the one input model of every protocol server. The session pulls from it
 * only when the previous command is finished, so a command pipelined behind STARTTLS, BDAT or a synchronizing
 * literal is never framed too early, and {@link #clear()} at STARTTLS really drops everything that came in
 * plaintext (RFC 3207 section 5, RFC 2595 section 3.1, RFC 9051 section 6.2.1). Read as lines (commands, DATA),
 * as exact byte counts (BDAT, RFC 3030) or through a framer ({@link #feed}). Pure: no sockets, unit-tested with
 * hostile input.
 */
public final class InputBuffer {

    /**
     * What {@link #nextLine} found. For an overflow {@code bytes} is null and {@code crlf} tells how the dropped
     * line ended, so a DATA reader knows whether the next line starts after a CRLF (the SMTP smuggling defence).
     */
    public record Line(byte[] bytes, boolean crlf, boolean overflow) {
    }

    /** A framer's view of the buffered bytes; returns how many of them it consumed. */
    @FunctionalInterface
    public interface Chunk {
        int accept(byte[] data, int off, int len);
    }

    private int maxLine;
    private byte[] buf = new byte[4096];
    private int start;
    private int end;
    /** Scan position for LF, so a line arriving byte by byte is not rescanned from its start. */
    private int scanned;
    /** Dropping the rest of an over-long line; {@link #discardedCr} is its last byte so far being CR. */
    private boolean discarding;
    private boolean discardedCr;
    /** Counts {@link #clear()} calls, so a clear from inside {@link #feed} is not undone by it. */
    private int clears;

    /** @param maxLine the longest line accepted, CRLF included */
    public InputBuffer(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Changes the line limit, e.g. when a session authenticates (limits depend on the session state). */
    public void maxLine(int maxLine) {
        this.maxLine = maxLine;
    }

    public void append(byte[] data) {
        if (end + data.length > buf.length) {
            compact();
            if (end + data.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + data.length));
            }
        }
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    public int available() {
        return end - start;
    }

    /**
     * The next complete line, or null when more bytes are needed. A line longer than the limit is dropped as it
     * arrives (never buffered) and reported once, as an overflow, when its LF arrives.
     */
    public Line nextLine() {
        int from = Math.max(start, scanned);
        for (int i = from; i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int len = i - start;
            boolean crlf = len > 0 ? buf[i - 1] == '\r' : discarding && discardedCr;
            byte[] line = discarding || len + 1 > maxLine ? null : Arrays.copyOfRange(buf, start, crlf ? i - 1 : i);
            start = i + 1;
            scanned = start;
            if (line == null) {
                discarding = false;
                discardedCr = false;
                return new Line(null, crlf, true);
            }
            return new Line(line, crlf, false);
        }
        if (discarding || end - start >= maxLine) {
            // Too long already: drop what came, so a client cannot make us buffer without end.
            if (end > start) {
                discardedCr = buf[end - 1] == '\r';
            }
            discarding = true;
            start = end;
        }
        scanned = end;
        return null;
    }

    /** Up to {@code max} raw bytes (BDAT chunk data), or an empty array when none are buffered. */
    public byte[] take(long max) {
        int n = (int) Math.min(max, end - start);
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        scanned = start;
        return out;
    }

    /** Offers every buffered byte to a framer (IMAP literals); what it consumed is gone. */
    public int feed(Chunk framer) {
        int cleared = clears;
        int used = framer.accept(buf, start, end - start);
        if (cleared == clears) {
            start += used;
            scanned = Math.max(scanned, start);
        }
        // else the command it framed was STARTTLS and cleared the buffer meanwhile: nothing is left to consume
        return used;
    }

    /** Drops everything buffered: after STARTTLS, plaintext that followed the command is an injection. */
    public void clear() {
        clears++;
        start = 0;
        end = 0;
        scanned = 0;
        discarding = false;
        discardedCr = false;
        if (buf.length > 64 * 1024) {
            buf = new byte[4096];
        }
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
    }
}
