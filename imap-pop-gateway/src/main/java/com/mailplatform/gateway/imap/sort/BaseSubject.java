package com.mailplatform.gateway.imap.sort;

/**
 * The base subject of RFC 5256 section 2.1: the subject without "Re:"/"Fwd:" leaders, "[blob]" prefixes,
 * "(fwd)" trailers and "[Fwd: ...]" wrappers. {@code reply} tells whether a reply/forward marker was removed
 * (THREAD=REFERENCES step 5 prefers the original over a reply). Works on indices into the subject, so a hostile
 * subject of many thousands of leaders costs linear time, not a copy per leader.
 */
public record BaseSubject(String text, boolean reply) {

    public static BaseSubject of(String subject) {
        // (1) encoded words are already decoded by the store; tabs, line breaks and runs of spaces become one space
        String s = subject == null ? "" : subject.replaceAll("[ \\t\\r\\n]+", " ");
        int start = 0;
        int end = s.length();
        boolean reply = false;
        while (true) {
            // (2) trailing subj-trailer: "(fwd)" / WSP
            while (end > start) {
                if (s.charAt(end - 1) == ' ') {
                    end--;
                } else if (end - start >= 5 && s.regionMatches(true, end - 5, "(fwd)", 0, 5)) {
                    end -= 5;
                    reply = true;
                } else {
                    break;
                }
            }
            // (3)-(5) leading subj-leader, and a subj-blob when something remains after it
            boolean changed = true;
            while (changed) {
                changed = false;
                int[] leader = leader(s, start, end);
                while (leader != null) {
                    reply |= leader[1] == 1;
                    start = leader[0];
                    changed = true;
                    leader = leader(s, start, end);
                }
                // (4): (3) failed here, and fails again after each blob of this run (it would scan the same blobs
                // to the same non-refwd), so the run's blobs go in one pass while something remains after them
                int blob = blob(s, start, end);
                while (blob > 0 && blob < end) {
                    start = blob;
                    changed = true;
                    blob = blob(s, start, end);
                }
            }
            // (6) "[fwd:" ... "]" wrapper: unwrap and start over at (2)
            if (end - start >= 6 && s.regionMatches(true, start, "[fwd:", 0, 5) && s.charAt(end - 1) == ']') {
                start += 5;
                end -= 1;
                reply = true;
                continue;
            }
            return new BaseSubject(s.substring(start, end), reply);
        }
    }

    /** subj-leader = (*subj-blob subj-refwd) / WSP at p: {end, 1 when a refwd} or null. */
    private static int[] leader(String s, int p, int end) {
        if (p < end && s.charAt(p) == ' ') {
            return new int[]{p + 1, 0};
        }
        int b;
        while ((b = blob(s, p, end)) > 0) {
            p = b;
        }
        int after = refwd(s, p, end);
        return after < 0 ? null : new int[]{after, 1};
    }

    /** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":" starting at p: its end or -1. */
    private static int refwd(String s, int p, int end) {
        for (String word : new String[]{"re", "fwd", "fw"}) {
            if (p + word.length() <= end && s.regionMatches(true, p, word, 0, word.length())) {
                int q = p + word.length();
                while (q < end && s.charAt(q) == ' ') {
                    q++;
                }
                int b = blob(s, q, end);
                if (b > 0) {
                    q = b;
                }
                if (q < end && s.charAt(q) == ':') {
                    return q + 1;
                }
            }
        }
        return -1;
    }

    /** subj-blob = "[" *BLOBCHAR "]" *WSP starting at p: its end or -1. */
    private static int blob(String s, int p, int end) {
        if (p >= end || s.charAt(p) != '[') {
            return -1;
        }
        int q = p + 1;
        while (q < end && s.charAt(q) != ']') {
            if (s.charAt(q) == '[') {
                return -1;
            }
            q++;
        }
        if (q >= end) {
            return -1;
        }
        q++;
        while (q < end && s.charAt(q) == ' ') {
            q++;
        }
        return q;
    }
}
