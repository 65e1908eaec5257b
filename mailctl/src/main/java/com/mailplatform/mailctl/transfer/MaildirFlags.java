package com.mailplatform.mailctl.transfer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maildir's flags in a file name's info part (":2," then letters in ASCII order): D \Draft, F \Flagged,
 * P passed ($Forwarded, as mutt and isync read it), R \Answered, S \Seen, T \Deleted (trashed); a-z are Dovecot's
 * keywords, letter n standing for line n of the folder's dovecot-keywords ("0 $Label1").
 */
public final class MaildirFlags {

    private static final String SYSTEM = "DFPRST";
    private static final List<String> SYSTEM_FLAGS = List.of("\\Draft", "\\Flagged", "$Forwarded", "\\Answered", "\\Seen", "\\Deleted");

    private MaildirFlags() {
    }

    /** The flags of {@code fileName} ("1700000000.M1P2.host,S=12:2,FRSa"); none without an info part. */
    public static Set<String> of(String fileName, List<String> keywords) {
        Set<String> flags = new LinkedHashSet<>();
        int info = fileName.lastIndexOf(":2,");
        if (info < 0) {
            return flags;
        }
        for (char c : fileName.substring(info + 3).toCharArray()) {
            int s = SYSTEM.indexOf(c);
            if (s >= 0) {
                flags.add(SYSTEM_FLAGS.get(s));
            } else if (c >= 'a' && c <= 'z' && c - 'a' < keywords.size() && keywords.get(c - 'a') != null) {
                flags.add(keywords.get(c - 'a'));
            }
        }
        return flags;
    }

    /** The info letters for {@code flags}; keywords get letters from {@code keywords}, growing it (at most 26). */
    public static String info(Set<String> flags, List<String> keywords) {
        TreeSet<Character> letters = new TreeSet<>();
        for (String f : flags) {
            int s = SYSTEM_FLAGS.indexOf(f);
            if (s >= 0) {
                letters.add(SYSTEM.charAt(s));
                continue;
            }
            if (f.startsWith("\\")) {
                continue; // \Recent and unknown system flags have no letter
            }
            int k = keywords.indexOf(f);
            if (k < 0 && keywords.size() < 26) {
                keywords.add(f);
                k = keywords.size() - 1;
            }
            if (k >= 0) {
                letters.add((char) ('a' + k));
            }
        }
        StringBuilder sb = new StringBuilder();
        letters.forEach(sb::append);
        return sb.toString();
    }

    /** dovecot-keywords: "N keyword" per line; lines that are not that are ignored. */
    public static List<String> parseKeywords(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp <= 0) {
                continue;
            }
            try {
                int n = Integer.parseInt(line.substring(0, sp));
                String k = line.substring(sp + 1).strip();
                if (n >= 0 && n < 26 && Keywords.valid(k)) {
                    while (out.size() <= n) {
                        out.add(null);
                    }
                    out.set(n, k);
                }
            } catch (NumberFormatException e) {
                // not a keyword line
            }
        }
        return out;
    }
}
