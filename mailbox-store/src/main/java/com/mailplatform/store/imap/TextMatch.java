package com.mailplatform.store.imap;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * SEARCH HEADER field string (RFC 9051 section 6.4.4): case-insensitive substring match of the field's value,
 * unfolded and its RFC 2047 words decoded. (BODY and TEXT: {@link TextSearch}.)
 */
final class TextMatch {

    private static final java.util.Set<String> ADDRESS_FIELDS = java.util.Set.of("from", "to", "cc", "bcc", "sender", "reply-to");

    private TextMatch() {
    }

    static boolean headerMatches(byte[] raw, String field, String needle) {
        return header(new String(raw, 0, MimeParsing.headerEnd(raw), StandardCharsets.UTF_8), field, needle.toLowerCase(Locale.ROOT));
    }

    /** field null = any field; an empty needle matches every message that has the field. */
    private static boolean header(String header, String field, String needle) {
        String unfolded = header.replaceAll("\r?\n[ \t]", " ");
        for (String line : unfolded.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (field != null && !name.equalsIgnoreCase(field)) {
                continue;
            }
            String value = DecoderUtil.decodeEncodedWords(line.substring(colon + 1).trim(), DecodeMonitor.SILENT);
            if (needle.isEmpty() || contains(value, needle) || (field == null && contains(line, needle))) {
                return true;
            }
            if (field != null && ADDRESS_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                // SEARCH FROM/TO/CC/BCC also match the parsed addresses, without comments (RFC 3501 section 6.4.4)
                String normalized = AddressComments.normalized(value);
                if (normalized != null && contains(normalized, needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
