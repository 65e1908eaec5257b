package com.mailplatform.smtp.parse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of MAIL and RCPT: {@code FROM:<path> [SP params]} (RFC 5321 section 4.1.1.2/4.1.1.3) split into the
 * path and its ESMTP parameters (keywords upper-cased; values as sent).
 */
public record PathArgument(String path, Map<String, String> parameters) {

    /** RFC 5321 section 4.1.1.11 leaves the count open; a hostile client gets no more than this. */
    public static final int MAX_PARAMETERS = 16;

    public static PathArgument parse(String argument, String keyword) throws SyntaxException {
        String syntax = "501 5.5.4 Syntax: " + (keyword.equals("FROM") ? "MAIL FROM:<address>" : "RCPT TO:<address>");
        int colon = argument.indexOf(':');
        if (colon < 0 || !argument.substring(0, colon).strip().equalsIgnoreCase(keyword)) {
            throw new SyntaxException(syntax);
        }
        String rest = argument.substring(colon + 1).strip();
        if (!rest.startsWith("<")) {
            throw new SyntaxException(syntax);
        }
        int close = closingBracket(rest);
        if (close < 0) {
            throw new SyntaxException(syntax);
        }
        String path = rest.substring(0, close + 1);
        Map<String, String> params = new LinkedHashMap<>();
        String tail = rest.substring(close + 1).strip();
        if (!tail.isEmpty()) {
            for (String p : tail.split(" +")) {
                if (params.size() >= MAX_PARAMETERS) {
                    throw new SyntaxException("501 5.5.4 Error: too many parameters");
                }
                int eq = p.indexOf('=');
                String k = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
                if (k.isEmpty()) {
                    throw new SyntaxException("501 5.5.4 Error: bad parameter syntax");
                }
                if (params.containsKey(k)) {
                    throw new SyntaxException("501 5.5.4 Error: duplicate parameter " + k);
                }
                params.put(k, eq < 0 ? null : p.substring(eq + 1));
            }
        }
        return new PathArgument(path, params);
    }

    /** The '>' that closes the path, skipping quoted local parts such as {@code <"a>b"@x>}. */
    private static int closingBracket(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
