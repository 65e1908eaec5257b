package com.mailplatform.delivery.client;

import java.io.ByteArrayOutputStream;

/**
 * Prepares message content for DATA (RFC 5321 section 4.5.2): every line ends in CRLF, a line that starts with
 * "." gets another one, and the data ends with CRLF.CRLF. Bare CR or LF in stored content (already refused at
 * ingress, but old blobs exist) become CRLF so the receiver cannot be confused about where the data ends.
 */
public final class DotStuffing {

    private DotStuffing() {
    }

    public static byte[] encode(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + content.length / 50 + 8);
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
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** Whether the content has octets above 127, so BODY=8BITMIME is needed (RFC 6152). */
    public static boolean eightBit(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
