package com.mailplatform.gateway.imap.command;

import java.util.Locale;

/** RFC 6154 section 2 attribute names are case-insensitive; the store keeps them as the RFC spells them. */
final class SpecialUseNames {

    private static final java.util.List<String> KNOWN = java.util.List.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk",
            "\\Sent", "\\Trash");

    private SpecialUseNames() {
    }

    /** The RFC's spelling of a known use, or the argument unchanged (the store then answers NO [USEATTR]). */
    static String canonical(String use) {
        for (String k : KNOWN) {
            if (k.toLowerCase(Locale.ROOT).equals(use.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return use;
    }
}
