package com.mailplatform.mailctl.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * mbox and Maildir files keep Unix line ends; the store keeps messages as IMAP serves them, with CRLF (RFC 5322
 * section 2.1). Import turns every bare LF into CRLF, export every CRLF into LF: both are idempotent, so a message
 * exported and imported again is stored with the same bytes. (A stored bare LF or bare CR does not survive that
 * way; Dovecot's mbox and Maildir storage behave the same.)
 */
public final class LineEnds {

    private LineEnds() {
    }

    public static byte[] toCrlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 40 + 2);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(in[i]);
        }
        return out.toByteArray();
    }

    /** Writes {@code in[from, to)} with each CRLF as LF. */
    public static void writeLf(byte[] in, int from, int to, OutputStream out) throws IOException {
        int start = from;
        for (int i = from; i < to; i++) {
            if (in[i] == '\r' && i + 1 < to && in[i + 1] == '\n') {
                out.write(in, start, i - start);
                start = i + 1;
            }
        }
        out.write(in, start, to - start);
    }
}
