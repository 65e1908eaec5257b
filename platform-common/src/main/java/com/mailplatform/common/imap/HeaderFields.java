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

    /** The header lines (with their continuations) whose names are (not) in {@code fields}, then CRLF. */
    public static byte[] filter(byte[] header, List<String> fields, boolean keep) {
        Set<String> names = new HashSet<>();
        fields.forEach(f -> names.add(f.toLowerCase(Locale.ROOT)));
        String h = new String(header, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean current = false;
        for (String line : h.split("(?<=\n)")) {
            if (line.equals("\r\n") || line.equals("\n")) {
                break;
            }
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current) {
                    out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
                }
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            current = names.contains(name) == keep && colon > 0;
            if (current) {
                out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.writeBytes(new byte[]{'\r', '\n'});
        return out.toByteArray();
    }
}
