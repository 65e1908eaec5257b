package com.mailplatform.common.sieve.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 5232 section 3: a flag list is strings each holding space-separated flags; duplicates (case-insensitive) are
 * one flag. Bounded so that a script cannot grow a message's flags without end.
 */
final class FlagList {

    static final int MAX_FLAGS = 64;
    static final int MAX_FLAG_CHARS = 100;

    private FlagList() {
    }

    static List<String> split(List<String> strings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : strings) {
            for (String f : s.trim().split("\\s+")) {
                if (!f.isEmpty() && f.length() <= MAX_FLAG_CHARS && out.size() < MAX_FLAGS && valid(f)) {
                    out.putIfAbsent(f.toLowerCase(Locale.ROOT), f);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** An IMAP flag (RFC 3501 flag-keyword is an atom; system flags start with a backslash). */
    private static boolean valid(String f) {
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(){%*\"]".indexOf(c) >= 0 || (c == '\\' && i > 0)) {
                return false;
            }
        }
        return true;
    }
}
