package com.mailplatform.gateway.imap.sort;

/**
 * The base subject of RFC 5256 section 2.1: the subject without "Re:"/"Fwd:" leaders, "[blob]" prefixes,
 * "(fwd)" trailers and "[Fwd: ...]" wrappers. {@code reply} tells whether a reply/forward marker was removed
 * (THREAD=REFERENCES step 5 prefers the original over a reply).
 */
public record BaseSubject(String text, boolean reply) {

    public static BaseSubject of(String subject) {
        // (1) encoded words are already decoded by the store; tabs, line breaks and runs of spaces become one space
        String s = subject == null ? "" : subject.replaceAll("[ \\t\\r\\n]+", " ");
        boolean reply = false;
        while (true) {
            // (2) trailing subj-trailer: "(fwd)" / WSP
            while (true) {
                if (s.endsWith(" ")) {
                    s = s.substring(0, s.length() - 1);
                } else if (endsWithIgnoreCase(s, "(fwd)")) {
                    s = s.substring(0, s.length() - 5);
                    reply = true;
                } else {
                    break;
                }
            }
            // (3)-(5) leading subj-leader, and a subj-blob when something remains after it
            boolean changed = true;
            while (changed) {
                changed = false;
                int[] leader = leader(s);
                while (leader != null) {
                    reply |= leader[1] == 1;
                    s = s.substring(leader[0]);
                    changed = true;
                    leader = leader(s);
                }
                int blob = blob(s, 0);
                if (blob > 0 && blob < s.length()) {
                    s = s.substring(blob);
                    changed = true;
                }
            }
            // (6) "[fwd:" ... "]" wrapper: unwrap and start over at (2)
            if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1);
                reply = true;
                continue;
            }
            return new BaseSubject(s, reply);
        }
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() >= suffix.length() && s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    /** subj-leader = (*subj-blob subj-refwd) / WSP: {end, 1 when a refwd} or null. */
    private static int[] leader(String s) {
        if (s.startsWith(" ")) {
            return new int[]{1, 0};
        }
        int p = 0;
        int b;
        while ((b = blob(s, p)) > 0) {
            p = b;
        }
        int end = refwd(s, p);
        return end < 0 ? null : new int[]{end, 1};
    }

    /** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":" starting at p: its end or -1. */
    private static int refwd(String s, int p) {
        for (String word : new String[]{"re", "fwd", "fw"}) {
            if (s.regionMatches(true, p, word, 0, word.length())) {
                int q = p + word.length();
                while (q < s.length() && s.charAt(q) == ' ') {
                    q++;
                }
                int b = blob(s, q);
                if (b > 0) {
                    q = b;
                }
                if (q < s.length() && s.charAt(q) == ':') {
                    return q + 1;
                }
            }
        }
        return -1;
    }

    /** subj-blob = "[" *BLOBCHAR "]" *WSP starting at p: its end or -1. */
    private static int blob(String s, int p) {
        if (p >= s.length() || s.charAt(p) != '[') {
            return -1;
        }
        int q = p + 1;
        while (q < s.length() && s.charAt(q) != ']') {
            if (s.charAt(q) == '[') {
                return -1;
            }
            q++;
        }
        if (q >= s.length()) {
            return -1;
        }
        q++;
        while (q < s.length() && s.charAt(q) == ' ') {
            q++;
        }
        return q;
    }
}
