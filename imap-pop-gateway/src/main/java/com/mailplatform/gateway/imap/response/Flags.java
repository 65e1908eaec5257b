package com.mailplatform.gateway.imap.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Flag spelling: system flags in their RFC 9051 section 2.3.2 form, keywords as the client wrote them. */
public final class Flags {

    public static final List<String> SYSTEM = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");
    private static final Map<String, String> CANONICAL = Map.of(
            "\\answered", "\\Answered", "\\flagged", "\\Flagged", "\\deleted", "\\Deleted", "\\seen", "\\Seen",
            "\\draft", "\\Draft", "\\recent", "\\Recent");

    private Flags() {
    }

    /** Canonical system flags; null for an unknown system flag (a backslash name we do not have). */
    public static String canonical(String flag) {
        if (flag.startsWith("\\")) {
            return CANONICAL.get(flag.toLowerCase(Locale.ROOT));
        }
        return flag;
    }

    /** The flags a client may set: \Recent is server-only (RFC 3501 section 2.3.2) and silently dropped. */
    public static List<String> settable(List<String> flags) {
        List<String> out = new ArrayList<>();
        for (String f : flags) {
            String c = canonical(f);
            if (c == null) {
                throw new IllegalArgumentException("unknown system flag " + f);
            }
            if (!c.equals("\\Recent") && !out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    public static String list(List<String> flags) {
        return "(" + String.join(" ", flags) + ")";
    }

    public static boolean has(List<String> flags, String flag) {
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }
}
