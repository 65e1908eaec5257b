package com.mailplatform.mailctl.transfer;

/** Where a message's header ends (RFC 5322 section 2.1: the first empty line), for LF or CRLF line ends. */
final class HeaderBlock {

    private HeaderBlock() {
    }

    /** Offset just past the header's last line (where the empty line starts); the whole length when there is no body. */
    static int end(byte[] m) {
        int lineStart = 0;
        while (lineStart < m.length) {
            if (m[lineStart] == '\n' || (m[lineStart] == '\r' && lineStart + 1 < m.length && m[lineStart + 1] == '\n')) {
                return lineStart;
            }
            int nl = indexOf(m, (byte) '\n', lineStart);
            if (nl < 0) {
                return m.length;
            }
            lineStart = nl + 1;
        }
        return m.length;
    }

    static int indexOf(byte[] m, byte b, int from) {
        for (int i = from; i < m.length; i++) {
            if (m[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
