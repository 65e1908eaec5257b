package com.mailplatform.common.sieve;

import java.util.Locale;
import java.util.Map;

/**
 * RFC 5229 section 3 variable references "${name}" in a string. Unknown names expand to the empty string; what is not
 * a valid reference ("${1x", "${") stays as written. Names are identifiers (letters, digits, "_", not starting
 * with a digit); numbered match variables are not supported (jSieve's tests keep no match state) and expand to "".
 */
public final class Variables {

    private Variables() {
    }

    public static String expand(String s, Map<String, String> vars) {
        if (s == null || s.indexOf("${") < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int start = s.indexOf("${", i);
            if (start < 0) {
                out.append(s, i, s.length());
                break;
            }
            int end = s.indexOf('}', start + 2);
            String name = end < 0 ? null : s.substring(start + 2, end);
            if (name == null || !validReference(name)) {
                out.append(s, i, start + 2);
                i = start + 2;
                continue;
            }
            out.append(s, i, start);
            String v = vars.get(name.toLowerCase(Locale.ROOT));
            if (v != null) {
                out.append(v);
            }
            i = end + 1;
        }
        return out.toString();
    }

    /** An identifier or a number (section 3's variable-ref; the namespace form is not supported). */
    static boolean validReference(String name) {
        if (name.isEmpty()) {
            return false;
        }
        if (name.chars().allMatch(Character::isDigit)) {
            return true;
        }
        if (Character.isDigit(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> c == '_' || (c < 128 && Character.isLetterOrDigit(c)));
    }

    /** RFC 5229 section 3: a variable name as "set" accepts it. */
    public static boolean validName(String name) {
        return !name.isEmpty() && !Character.isDigit(name.charAt(0)) && validReference(name) && name.length() <= 64;
    }
}
