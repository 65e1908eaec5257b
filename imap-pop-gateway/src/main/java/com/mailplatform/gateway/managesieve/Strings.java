package com.mailplatform.gateway.managesieve;

import java.nio.charset.StandardCharsets;

/** Strings and response lines as the server sends them (RFC 5804 section 4). */
public final class Strings {

    private Strings() {
    }

    /** A quoted string, or a literal when the text has CR, LF or NUL, which quoted strings cannot carry. */
    public static String quote(String s) {
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0 || s.length() > 1024) {
            return literal(s);
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** {@code {n}CRLF} and the octets: n counts UTF-8 octets, not characters. */
    public static String literal(String s) {
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + s;
    }

    /** {@code OK|NO|BYE [(code)] [string]} CRLF (RFC 5804 section 1.3). */
    public static String response(String status, String code, String text) {
        StringBuilder b = new StringBuilder(status);
        if (code != null) {
            b.append(" (").append(code).append(')');
        }
        if (text != null) {
            b.append(' ').append(quote(text));
        }
        return b.append("\r\n").toString();
    }
}
