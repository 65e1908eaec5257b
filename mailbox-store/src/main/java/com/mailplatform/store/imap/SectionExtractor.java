package com.mailplatform.store.imap;

import com.mailplatform.common.imap.HeaderFields;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;

/**
 * The octets of one body section (RFC 9051 section 6.4.5): "" (everything), HEADER, HEADER.FIELDS[.NOT], TEXT,
 * and part numbers with .MIME/.HEADER/.TEXT. The top level is cut from the stored bytes exactly; nested parts are
 * located with Mime4j. Returns null for a part that does not exist. Runs on a worker thread.
 */
public final class SectionExtractor {

    private SectionExtractor() {
    }

    public static byte[] extract(byte[] raw, String section, List<String> fields) {
        String s = section.toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            return raw;
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String numbers = s.substring(0, i);
        String text = s.substring(i);
        if (numbers.endsWith(".")) {
            numbers = numbers.substring(0, numbers.length() - 1);
        }
        if (numbers.isEmpty()) {
            return topLevel(raw, text, fields);
        }
        // RFC 3501 section 6.4.5: the numbers count the parts of the message they are in; the top-level message is
        // where numbering starts, and a part that is message/rfc822 opens the enclosed message for the next number.
        // While the path only goes through single-part messages their octets are cut from the stored bytes (exact);
        // inside a multipart, Mime4j's wire form of the part is used.
        Entity container = MimeParsing.parse(raw);
        byte[] containerRaw = raw;
        Entity part = null;
        byte[] partBody = null;
        for (String n : numbers.split("\\.")) {
            int idx;
            try {
                idx = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                return null;
            }
            if (part != null) {
                if (part.getBody() instanceof Message inner) {
                    container = inner;
                    containerRaw = partBody;
                } else {
                    container = part;
                }
            }
            part = child(container, idx);
            if (part == null) {
                return null;
            }
            partBody = part == container && containerRaw != null
                    ? Arrays.copyOfRange(containerRaw, MimeParsing.headerEnd(containerRaw), containerRaw.length) : null;
            if (part != container) {
                containerRaw = null;
            }
        }
        switch (text) {
            case "" -> {
                return partBody != null ? partBody : MimeParsing.body(part.getBody());
            }
            case "MIME" -> {
                return MimeParsing.header(part.getHeader());
            }
            default -> {
                if (!(part.getBody() instanceof Message inner)) {
                    // HEADER/TEXT of a part are defined only for message/rfc822 parts
                    return part instanceof Message ? topLevel(MimeParsing.entity(part), text, fields) : null;
                }
                return topLevel(partBody != null ? partBody : MimeParsing.entity(inner), text, fields);
            }
        }
    }

    /**
     * Part {@code idx} (1-based) of a message or multipart part, as RFC 3501 section 6.4.5 numbers them; null if
     * none. A non-multipart message has exactly one part, numbered 1: the message itself, whose part content is its
     * body (for a message/rfc822 body, the whole enclosed message).
     */
    private static Entity child(Entity entity, int idx) {
        if (entity.getBody() instanceof Multipart mp) {
            return idx >= 1 && idx <= mp.getBodyParts().size() ? mp.getBodyParts().get(idx - 1) : null;
        }
        return idx == 1 ? entity : null;
    }

    private static byte[] topLevel(byte[] raw, String text, List<String> fields) {
        int end = MimeParsing.headerEnd(raw);
        return switch (text) {
            case "HEADER" -> Arrays.copyOf(raw, end);
            case "TEXT" -> Arrays.copyOfRange(raw, end, raw.length);
            case "HEADER.FIELDS" -> HeaderFields.filter(Arrays.copyOf(raw, end), fields, true);
            case "HEADER.FIELDS.NOT" -> HeaderFields.filter(Arrays.copyOf(raw, end), fields, false);
            default -> null;
        };
    }
}
