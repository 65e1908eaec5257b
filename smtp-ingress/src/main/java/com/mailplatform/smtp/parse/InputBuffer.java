package com.mailplatform.smtp.parse;

import java.util.Arrays;

/**
 * Bytes received but not yet consumed, read either as lines (commands, DATA) or as exact byte counts (BDAT,
 * RFC 3030). The session pulls from it only when the previous command is finished, so a command pipelined behind
 * BDAT or STARTTLS is never framed too early. Pure: no sockets, unit-tested with hostile input.
 */
public final class InputBuffer {

    /** What {@link #nextLine} found. */
    public record Line(byte[] bytes, boolean crlf, boolean overflow) {
    }

    private final int maxLine;
    private byte[] buf = new byte[4096];
    private int start;
    private int end;
    /** Scan position for LF, so a line arriving byte by byte is not rescanned from its start. */
    private int scanned;
    private boolean discarding;

    /** @param maxLine the longest line accepted, CRLF included */
    public InputBuffer(int maxLine) {
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
     * The next complete line, or null when more bytes are needed. A line longer than the limit is returned once
     * as an overflow marker and its bytes up to the next LF are dropped.
     */
    public Line nextLine() {
        int from = Math.max(start, scanned);
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                int len = i - start;
                boolean crlf = len > 0 && buf[i - 1] == '\r';
                byte[] line = Arrays.copyOfRange(buf, start, crlf ? i - 1 : i);
                start = i + 1;
                scanned = start;
                if (discarding) {
                    discarding = false;
                    return nextLine();
                }
                if (len + 1 > maxLine) {
                    return new Line(null, false, true);
                }
                return new Line(line, crlf, false);
            }
        }
        scanned = end;
        if (!discarding && end - start >= maxLine) {
            // Too long already: report now and drop what came, so a client cannot make us buffer without end.
            discarding = true;
            start = end;
            scanned = end;
            return new Line(null, false, true);
        }
        if (discarding) {
            start = end;
            scanned = end;
        }
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

    /** Drops everything buffered: after STARTTLS, plaintext that followed the command is an injection (RFC 3207 section 5). */
    public void clear() {
        start = 0;
        end = 0;
        scanned = 0;
        discarding = false;
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
