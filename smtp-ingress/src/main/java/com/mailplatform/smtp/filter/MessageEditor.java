package com.mailplatform.smtp.filter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Applies {@link MessageEdits} to a message (RFC 5322 header section, blank line, body). Header fields are kept as
 * they came, continuation lines included (RFC 5322 section 2.2.3), so untouched fields are byte-for-byte the same.
 */
public final class MessageEditor {

    private MessageEditor() {
    }

    /** A header field: its name and its complete text, continuation lines included, without the final CRLF. */
    public record Field(String name, String text) {
        /** The value after the colon, with one leading space removed (as Postfix hands it to milters). */
        public String value() {
            String v = text.substring(text.indexOf(':') + 1);
            return v.startsWith(" ") ? v.substring(1) : v;
        }
    }

    /** The header fields and where the body starts (after the blank line, or the end when there is none). */
    public record Parsed(List<Field> fields, int bodyStart) {
    }

    public static Parsed parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        StringBuilder current = null;
        while (pos < message.length) {
            int eol = indexOf(message, (byte) '\n', pos);
            int end = eol < 0 ? message.length : eol;
            int next = eol < 0 ? message.length : eol + 1;
            int lineEnd = end > pos && message[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == pos) {
                pos = next;
                break;
            }
            String line = new String(message, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else if (line.indexOf(':') > 0) {
                if (current != null) {
                    fields.add(field(current.toString()));
                }
                current = new StringBuilder(line);
            } else {
                // Not a header line: the header section ended without a blank line (RFC 5322 allows no body).
                break;
            }
            pos = next;
        }
        if (current != null) {
            fields.add(field(current.toString()));
        }
        return new Parsed(fields, Math.min(pos, message.length));
    }

    private static Field field(String text) {
        return new Field(text.substring(0, text.indexOf(':')).strip(), text);
    }

    public static byte[] apply(byte[] message, MessageEdits edits) {
        if (edits.headers().isEmpty() && edits.body() == null) {
            return message;
        }
        Parsed parsed = parse(message);
        List<Field> fields = new ArrayList<>(parsed.fields());
        for (MessageEdits.HeaderEdit e : edits.headers()) {
            Field f = field(e.name() + ":" + folded(e.value()));
            switch (e.kind()) {
                case ADD -> fields.add(f);
                case INSERT -> fields.add(Math.max(0, Math.min(e.index(), fields.size())), f);
                case CHANGE -> change(fields, e, f);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 256);
        for (Field f : fields) {
            out.writeBytes(f.text().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        byte[] body = edits.body() != null ? edits.body()
                : Arrays.copyOfRange(message, parsed.bodyStart(), message.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void change(List<Field> fields, MessageEdits.HeaderEdit e, Field replacement) {
        int seen = 0;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().toLowerCase(Locale.ROOT).equals(e.name().toLowerCase(Locale.ROOT))
                    && ++seen == Math.max(1, e.index())) {
                if (e.value().isEmpty()) {
                    fields.remove(i);
                } else {
                    fields.set(i, replacement);
                }
                return;
            }
        }
        // Sendmail: changing a header that is not there adds it.
        if (!e.value().isEmpty()) {
            fields.add(replacement);
        }
    }

    /** Milters send folded values with bare LF; the message needs CRLF, and a space after the colon. */
    private static String folded(String value) {
        String v = value.replace("\r\n", "\n").replace("\n", "\r\n");
        return v.startsWith(" ") || v.startsWith("\t") ? v : " " + v;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
