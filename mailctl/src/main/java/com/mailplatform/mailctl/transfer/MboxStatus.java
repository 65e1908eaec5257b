package com.mailplatform.mailctl.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The flags an mbox keeps in headers, as Postfix local (none), mutt and Dovecot write them: {@code Status:} R
 * (\Seen) and O (old: not \Recent, which IMAP does not let anyone set); {@code X-Status:} A (\Answered), F
 * (\Flagged), T (\Draft), D (\Deleted); {@code X-Keywords:} keywords separated by spaces or commas. On import
 * these headers and Dovecot's other bookkeeping ones (X-UID, X-IMAP, X-IMAPbase, Content-Length) are taken out
 * of the message, as Dovecot hides them; on export they are written back from the flags.
 */
public final class MboxStatus {

    private static final Set<String> HIDDEN = Set.of("status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase", "content-length");

    private MboxStatus() {
    }

    /**
     * {@code content} without the hidden headers, the flags they gave, and whether it is Dovecot's or UW-IMAP's
     * "FOLDER INTERNAL DATA" pseudo message (X-IMAP/X-IMAPbase header), which is no mail.
     */
    public record Stripped(byte[] content, Set<String> flags, boolean pseudo) { }

    public static Stripped strip(byte[] m) {
        int headerEnd = HeaderBlock.end(m);
        ByteArrayOutputStream out = new ByteArrayOutputStream(m.length);
        Set<String> flags = new LinkedHashSet<>();
        boolean pseudo = false;
        boolean hiding = false;
        String hiddenName = "";
        int line = 0;
        while (line < headerEnd) {
            int nl = HeaderBlock.indexOf(m, (byte) '\n', line);
            int next = nl < 0 || nl >= headerEnd ? headerEnd : nl + 1;
            boolean continuation = m[line] == ' ' || m[line] == '\t';
            if (!continuation) {
                String text = new String(m, line, next - line, StandardCharsets.ISO_8859_1);
                int colon = text.indexOf(':');
                String name = colon > 0 ? text.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
                hiding = HIDDEN.contains(name);
                hiddenName = name;
                if (hiding) {
                    String value = text.substring(colon + 1).trim();
                    pseudo |= name.equals("x-imap") || name.equals("x-imapbase");
                    collect(name, value, flags);
                }
            } else if (hiding && hiddenName.equals("x-keywords")) {
                // a folded X-Keywords goes on
                collect("x-keywords", new String(m, line, next - line, StandardCharsets.ISO_8859_1).trim(), flags);
            }
            if (!hiding) {
                out.write(m, line, next - line);
            }
            line = next;
        }
        out.write(m, headerEnd, m.length - headerEnd);
        return new Stripped(out.toByteArray(), flags, pseudo);
    }

    private static void collect(String name, String value, Set<String> flags) {
        switch (name) {
            case "status" -> {
                if (value.indexOf('R') >= 0) {
                    flags.add("\\Seen");
                }
            }
            case "x-status" -> {
                for (char c : value.toCharArray()) {
                    switch (c) {
                        case 'A' -> flags.add("\\Answered");
                        case 'F' -> flags.add("\\Flagged");
                        case 'T' -> flags.add("\\Draft");
                        case 'D' -> flags.add("\\Deleted");
                        default -> { }
                    }
                }
            }
            case "x-keywords" -> {
                for (String k : value.split("[,\\s]+")) {
                    if (Keywords.valid(k)) {
                        flags.add(k);
                    }
                }
            }
            default -> { }
        }
    }

    /** The status headers for {@code flags}, LF-terminated, in the order Dovecot writes them. */
    public static String headers(Set<String> flags) {
        StringBuilder sb = new StringBuilder("Status: ").append(flags.contains("\\Seen") ? "RO" : "O").append('\n');
        StringBuilder x = new StringBuilder();
        if (flags.contains("\\Answered")) {
            x.append('A');
        }
        if (flags.contains("\\Flagged")) {
            x.append('F');
        }
        if (flags.contains("\\Draft")) {
            x.append('T');
        }
        if (flags.contains("\\Deleted")) {
            x.append('D');
        }
        if (!x.isEmpty()) {
            sb.append("X-Status: ").append(x).append('\n');
        }
        String keywords = String.join(" ", flags.stream().filter(f -> !f.startsWith("\\")).toList());
        if (!keywords.isEmpty()) {
            sb.append("X-Keywords: ").append(keywords).append('\n');
        }
        return sb.toString();
    }
}
