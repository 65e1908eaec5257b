package com.mailplatform.smtp.log;

import java.nio.charset.StandardCharsets;

/** The first value of one header field in a raw message, unfolded (RFC 5322 section 2.2.3); for the log only. */
final class HeaderField {

    /** Only the start of the message is searched: a header section longer than this has no logged field. */
    static final int MAX_SCAN = 64 * 1024;

    private HeaderField() {
    }

    static String first(byte[] message, String name) {
        int n = Math.min(message.length, MAX_SCAN);
        int i = 0;
        while (i < n) {
            int eol = i;
            while (eol < n && message[eol] != '\n') {
                eol++;
            }
            int end = eol > i && message[eol - 1] == '\r' ? eol - 1 : eol;
            if (end == i) {
                return null; // the empty line: end of the header section
            }
            if (end - i > name.length() && message[i + name.length()] == ':'
                    && new String(message, i, name.length(), StandardCharsets.US_ASCII).equalsIgnoreCase(name)) {
                StringBuilder value = new StringBuilder(new String(message, i + name.length() + 1, end - i - name.length() - 1,
                        StandardCharsets.UTF_8));
                int next = eol + 1;
                while (next < n && (message[next] == ' ' || message[next] == '\t')) {
                    int e2 = next;
                    while (e2 < n && message[e2] != '\n') {
                        e2++;
                    }
                    int stop = e2 > next && message[e2 - 1] == '\r' ? e2 - 1 : e2;
                    value.append(new String(message, next, stop - next, StandardCharsets.UTF_8));
                    next = e2 + 1;
                }
                return value.toString().strip();
            }
            i = eol + 1;
        }
        return null;
    }
}
