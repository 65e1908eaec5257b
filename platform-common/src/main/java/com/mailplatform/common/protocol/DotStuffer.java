package com.mailplatform.common.protocol;

import java.util.Arrays;

/**
 * Dot-stuffing, written once: turns a message, arriving in chunks of any size, into the body of a POP3 multi-line
 * response (RFC 1939 section 3) or of SMTP DATA (RFC 5321 section 4.5.2):
 * every line that starts with '.' gets one more '.', and {@link #finish()} adds the terminating ".CRLF". Because
 * chunk boundaries fall anywhere, it remembers whether the next byte starts a line. For TOP (RFC 1939 section 7) it
 * also stops after the header, the blank line and n body lines. Pure: no I/O.
 *
 * <p>Bytes are passed through unchanged (the store keeps CRLF, and LIST sizes are the stored sizes); a bare LF also
 * counts as a line end, so a '.' after it is stuffed too and can never end the response early.
 */
public final class DotStuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};
    private static final byte[] CRLF_TERMINATOR = {'\r', '\n', '.', '\r', '\n'};

    /** Body lines still to send for TOP; negative means the whole message (RETR). */
    private final long bodyLimit;
    private boolean atLineStart = true;
    private boolean inBody;
    /** Bytes in the current line so far, and whether the last of them was CR: to recognise the blank line. */
    private long lineLength;
    private boolean lastWasCr;
    private long bodyLinesSent;
    private boolean done;

    private DotStuffer(long bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    /** The whole message, for RETR. */
    public static DotStuffer whole() {
        return new DotStuffer(-1);
    }

    /** Header, blank line and at most {@code bodyLines} body lines, for TOP. */
    public static DotStuffer top(int bodyLines) {
        if (bodyLines < 0) {
            throw new IllegalArgumentException("bodyLines < 0");
        }
        return new DotStuffer(bodyLines);
    }

    /**
     * A stored message as SMTP DATA (RFC 5321 section 4.5.2): stuffed and terminated, and every bare CR or LF
     * (refused at ingress, but old blobs exist) made CRLF, so no receiver can read another end of data out of it
     * (the SMTP smuggling class).
     */
    public static byte[] smtpData(byte[] content) {
        // one pass: a bare CR or LF is written as CRLF and so starts a line, where a '.' is doubled
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length + content.length / 50 + 8);
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = false;
        }
        out.writeBytes(lineStart ? TERMINATOR : CRLF_TERMINATOR);
        return out.toByteArray();
    }

    /** True for RETR (the whole message), false for TOP. */
    public boolean wholeMessage() {
        return bodyLimit < 0;
    }

    /** True once TOP has sent all it should; further input is ignored and the source may be cancelled. */
    public boolean done() {
        return done;
    }

    public byte[] encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    /** The stuffed form of {@code data[off, off+len)}, cut short where TOP's limit is reached. */
    public byte[] encode(byte[] data, int off, int len) {
        if (done || len == 0) {
            return EMPTY;
        }
        byte[] out = new byte[len + 16];
        int n = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = data[i];
            if (atLineStart && b == '.') {
                out = ensure(out, n + 2, end - i);
                out[n++] = '.';
            } else {
                out = ensure(out, n + 1, end - i);
            }
            out[n++] = b;
            if (b == '\n') {
                endOfLine();
                if (done) {
                    break;
                }
            } else {
                atLineStart = false;
                lineLength++;
                lastWasCr = b == '\r';
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * The end of the response: ".CRLF", preceded by CRLF when the message did not end with a line end (so the
     * terminator is always on a line of its own).
     */
    public byte[] finish() {
        return atLineStart ? TERMINATOR.clone() : CRLF_TERMINATOR.clone();
    }

    private void endOfLine() {
        boolean blank = lineLength - (lastWasCr ? 1 : 0) == 0;
        atLineStart = true;
        lineLength = 0;
        lastWasCr = false;
        if (bodyLimit < 0) {
            return;
        }
        if (!inBody) {
            // RFC 5322 section 2.1: the first empty line ends the header
            if (blank) {
                inBody = true;
                done = bodyLimit == 0;
            }
        } else if (++bodyLinesSent >= bodyLimit) {
            done = true;
        }
    }

    private static byte[] ensure(byte[] out, int needed, int remainingInput) {
        if (needed <= out.length) {
            return out;
        }
        return Arrays.copyOf(out, Math.max(out.length + out.length / 2, needed + remainingInput));
    }
}
