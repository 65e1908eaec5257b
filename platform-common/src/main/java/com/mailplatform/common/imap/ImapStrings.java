package com.mailplatform.common.imap;

import java.nio.charset.StandardCharsets;

/**
 * IMAP string forms (RFC 9051 section 4.3): NIL, quoted, or literal. Shared by mailbox-store, which pre-renders
 * ENVELOPE and BODYSTRUCTURE at delivery, and the gateway, which renders every other response.
 */
public final class ImapStrings {

    private ImapStrings() {
    }

    /** nstring: NIL for null, otherwise {@link #string}. */
    public static String nstring(String s) {
        return s == null ? "NIL" : string(s);
    }

    /**
     * A quoted string when every char may be quoted (7-bit, no CR/LF/NUL), else a literal whose length counts
     * UTF-8 octets. The literal is the only form that carries 8-bit text in IMAP4rev1.
     */
    public static String string(String s) {
        if (quotable(s)) {
            return quote(s);
        }
        String clean = s.replace("\0", "");
        return "{" + clean.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + clean;
    }

    public static boolean quotable(String s) {
        if (s.length() > 1024) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Quoted form; the caller has checked {@link #quotable}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
