package com.mailplatform.common.io;

import java.util.Arrays;

/**
 * Splits a byte stream into lines ending in LF, with a hard limit on line length (terminator included). Pure:
 * it knows no sockets, so the limits are unit-tested with hostile input. A line over the limit is reported once
 * through {@link Sink#overflow()} and discarded up to its end; the framer never buffers more than the limit.
 */
public final class LineFramer {

    public interface Sink {
        /** A complete line without its terminator; {@code crlf} is false when it ended in a bare LF. */
        void line(byte[] line, boolean crlf);

        /** A line went over the limit; its bytes up to the next LF are dropped. */
        void overflow();
    }

    private final int maxLine;
    private byte[] buf = new byte[256];
    private int len;
    private boolean discarding;

    /** @param maxLine the longest line accepted, CRLF included (RFC 5321 section 4.5.3.1.4 and .6). */
    public LineFramer(int maxLine) {
        this.maxLine = maxLine;
    }

    public void feed(byte[] data, int off, int n, Sink sink) {
        int end = off + n;
        int start = off;
        for (int i = off; i < end; i++) {
            if (data[i] != '\n') {
                continue;
            }
            if (discarding) {
                discarding = false;
                len = 0;
            } else if (len + (i - start) + 1 > maxLine) {
                len = 0;
                sink.overflow();
            } else {
                append(data, start, i - start);
                boolean crlf = len > 0 && buf[len - 1] == '\r';
                byte[] line = Arrays.copyOf(buf, crlf ? len - 1 : len);
                len = 0;
                sink.line(line, crlf);
            }
            start = i + 1;
        }
        if (start < end && !discarding) {
            if (len + (end - start) >= maxLine) {
                len = 0;
                discarding = true;
                sink.overflow();
            } else {
                append(data, start, end - start);
            }
        }
    }

    /** Bytes received but not yet ended by LF. */
    public int pending() {
        return len;
    }

    private void append(byte[] data, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(data, off, buf, len, n);
        len += n;
    }
}
