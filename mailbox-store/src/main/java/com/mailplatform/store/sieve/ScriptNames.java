package com.mailplatform.store.sieve;

/** Which Sieve script names the store accepts. */
public final class ScriptNames {

    /** Longest name in characters; RFC 5804 sets no limit, Dovecot's sieve_max_script_name... is similar. */
    public static final int MAX_CHARS = 128;

    private ScriptNames() {
    }

    /**
     * RFC 5804 section 1.6: a script name is a non-empty string of Unicode characters without controls
     * (U+0000-001F, U+007F-009F), LINE SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029). The slash is refused too,
     * as Dovecot does, so a name can never be read as a path. Returns null when valid, else why not.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty script name";
        }
        if (name.codePointCount(0, name.length()) > MAX_CHARS) {
            return "script name longer than " + MAX_CHARS + " characters";
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == '/'
                    || (Character.isSurrogate((char) c))) {
                return "script name contains a forbidden character (RFC 5804 section 1.6)";
            }
            i += Character.charCount(c);
        }
        return null;
    }
}
