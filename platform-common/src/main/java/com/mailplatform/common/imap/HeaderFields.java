package com.mailplatform.common.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BODY[HEADER.FIELDS (...)] and BODY[HEADER.FIELDS.NOT (...)] (RFC 9051 section 6.4.5) cut from a message's header:
 * in the store from the stored message, in the gateway from the cached HEADER section, so that every field list a
 * client asks for is answered from one cached header.
 */
public final class HeaderFields {

    private HeaderFields() {
    }

    /**
     * The header lines (with their continuations) whose names are (not) in {@code fields}, then CRLF. A byte scan:
     * FETCH of a range calls it for every message (a regex split was a quarter of the gateway's CPU under imaptest).
     */
    public static byte[] filter(byte[] header, List<String> fields, boolean keep) {
        Set<String> names = new HashSet<>();
        fields.forEach(f -> names.add(f.toLowerCase(Locale.ROOT)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(header.length, 1024));
        boolean current = false;
        int start = 0;
        while (start < header.length) {
            int end = start;
            while (end < header.length && header[end] != '\n') {
                end++;
            }
            end = Math.min(header.length, end + 1); // the line with its LF
            int len = end - start;
            if ((len == 2 && header[start] == '\r') || (len == 1 && header[start] == '\n')) {
                break; // the blank line ends the header
            }
            byte first = header[start];
            if (first == ' ' || first == '\t') {
                if (current) {
                    out.write(header, start, len);
                }
            } else {
                int colon = start;
                while (colon < end && header[colon] != ':') {
                    colon++;
                }
                current = colon < end && colon > start
                        && names.contains(new String(header, start, colon - start, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT)) == keep;
                if (current) {
                    out.write(header, start, len);
                }
            }
            start = end;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
