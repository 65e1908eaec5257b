package com.mailplatform.gateway.imap.parse;

import java.util.Arrays;

/**
 * Cuts the byte stream into whole IMAP commands: a line, and whenever it ends in a literal header {@code {n}} or
 * {@code {n+}} (RFC 9051 section 4.3, RFC 7888), n raw octets and the rest of the command. Pure and streaming:
 * a command never takes more than {@code maxLine} octets per line part, {@code maxLiteral} per literal and
 * {@code maxCommand} in total; what goes over is reported once and discarded, never buffered. The limits follow
 * the session state ({@link #limits}: a few KB before authentication). {@link #feed} stops after each command
 * (or error), so the session frames the next one only when the previous has been answered: bytes behind a
 * STARTTLS are still unframed when it clears them.
 */
public final class ImapFramer {

    public interface Sink {
        /** A complete command: its lines and literals, CRLFs included. */
        void command(byte[] bytes);

        /** A synchronizing literal was announced: the server must send "+ ..." before the client goes on. */
        void continuation();

        /** A line went over the limit; the command is dropped up to the next line end. Tag may be null. */
        void lineTooLong(String tag);

        /** The same, with the command name (upper-case, null when the line has none). */
        default void lineTooLong(String tag, String command) {
            lineTooLong(tag);
        }

        /**
         * A literal over the limit. For a synchronizing one nothing of it arrives and the command is dropped; a
         * non-synchronizing one is already on its way, so {@code fatal} is true and the connection should close.
         */
        void literalTooBig(String tag, boolean fatal);
    }

    private int maxLine;
    private long maxLiteral;
    private long maxCommand;
    /** RFC 7888 LITERAL-: non-synchronizing literals above this are refused; Long.MAX_VALUE under LITERAL+. */
    private long maxNonSyncLiteral = Long.MAX_VALUE;
    /** Set when a command or an error was handed to the sink: {@link #feed} returns there. */
    private boolean emitted;
    private byte[] buf = new byte[512];
    private int len;
    private int lineStart;
    private long literalLeft;
    private boolean discardingLine;
    private boolean dead;

    public ImapFramer(int maxLine, long maxLiteral, long maxCommand) {
        this.maxLine = maxLine;
        this.maxLiteral = maxLiteral;
        this.maxCommand = maxCommand;
    }

    /** New limits, e.g. at login; they apply from the next command on. */
    public void limits(int maxLine, long maxLiteral, long maxCommand) {
        this.maxLine = maxLine;
        this.maxLiteral = maxLiteral;
        this.maxCommand = maxCommand;
    }

    /**
     * Frames from {@code data[off, off+n)} up to and including the first complete command or error (the sink
     * hears of it); returns how many octets were consumed. The rest is for the next call.
     */
    public int feed(byte[] data, int off, int n, Sink sink) {
        int i = off;
        int end = off + n;
        emitted = false;
        while (i < end && !dead && !emitted) {
            if (literalLeft > 0) {
                int take = (int) Math.min(literalLeft, end - i);
                append(data, i, take);
                i += take;
                literalLeft -= take;
                lineStart = len;
                continue;
            }
            byte b = data[i++];
            if (discardingLine) {
                if (b == '\n') {
                    discardingLine = false;
                    reset();
                }
                continue;
            }
            if (len - lineStart >= maxLine || len >= maxCommand) {
                String tag = tag();
                String command = command();
                reset();
                discardingLine = b != '\n';
                emitted = true;
                sink.lineTooLong(tag, command);
                continue;
            }
            append(b);
            if (b == '\n') {
                lineEnded(sink);
            }
        }
        return dead ? n : i - off;
    }

    /** RFC 7888 section 4: LITERAL- allows non-synchronizing literals of at most 4096 octets; from the next command on. */
    public void nonSyncLimit(long max) {
        this.maxNonSyncLiteral = max;
    }

    /** Stops all further framing (after a fatal error the connection closes). */
    public void kill() {
        dead = true;
        reset();
    }

    /** Drops whatever was received but not yet framed (used at STARTTLS, RFC 9051 section 6.2.1). */
    public void reset() {
        len = 0;
        lineStart = 0;
        literalLeft = 0;
        if (buf.length > 64 * 1024) {
            buf = new byte[512];
        }
    }

    private void lineEnded(Sink sink) {
        int e = len - 1;
        if (e > lineStart && buf[e - 1] == '\r') {
            e--;
        }
        // does the line end in {digits} or {digits+} ?
        if (e - 1 > lineStart && buf[e - 1] == '}') {
            int j = e - 2;
            boolean plus = buf[j] == '+';
            if (plus) {
                j--;
            }
            int digitsEnd = j + 1;
            while (j > lineStart && buf[j] >= '0' && buf[j] <= '9') {
                j--;
            }
            // j < lineStart: the line is just "+}" and there is no '{' to look at
            if (j >= lineStart && buf[j] == '{' && j + 1 < digitsEnd && digitsEnd - (j + 1) <= 18) {
                long n = Long.parseLong(new String(buf, j + 1, digitsEnd - (j + 1), java.nio.charset.StandardCharsets.US_ASCII));
                if (n > maxLiteral || len + n > maxCommand || (plus && n > maxNonSyncLiteral)) {
                    String tag = tag();
                    reset();
                    if (plus) {
                        dead = true;
                    }
                    emitted = true;
                    sink.literalTooBig(tag, plus);
                    return;
                }
                literalLeft = n;
                lineStart = len;
                if (!plus) {
                    sink.continuation();
                }
                if (n == 0) {
                    literalLeft = 0;
                }
                return;
            }
        }
        byte[] command = Arrays.copyOf(buf, len);
        reset();
        emitted = true;
        sink.command(command);
    }

    private String tag() {
        int i = 0;
        while (i < len && i < 64 && buf[i] > ' ' && buf[i] < 0x7f) {
            i++;
        }
        return i == 0 ? null : new String(buf, 0, i, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The word after the tag, if it is a short atom: what an over-long line was meant to be. */
    private String command() {
        int i = 0;
        while (i < len && i < 64 && buf[i] > ' ' && buf[i] < 0x7f) {
            i++;
        }
        if (i == 0 || i >= len || buf[i] != ' ') {
            return null;
        }
        int start = ++i;
        while (i < len && i - start < 16 && ((buf[i] | 0x20) >= 'a' && (buf[i] | 0x20) <= 'z')) {
            i++;
        }
        return i == start || (i < len && buf[i] != ' ') ? null
                : new String(buf, start, i - start, java.nio.charset.StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
    }

    private void append(byte b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = b;
    }

    private void append(byte[] data, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(data, off, buf, len, n);
        len += n;
    }
}
