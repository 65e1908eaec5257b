package com.mailplatform.gateway.imap.sort;

import java.text.Normalizer;

/**
 * The i;unicode-casemap collation (RFC 5051) that RFC 5256 section 3 sorts strings with: each character's simple
 * titlecase mapping, then NFKD; keys compare as UTF-8 octets, which is code point order.
 */
public final class Casemap {

    private Casemap() {
    }

    public static String key(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.toTitleCase(cp)));
        return Normalizer.normalize(sb, Normalizer.Form.NFKD);
    }

    /** Code point order (String.compareTo orders UTF-16 units, which differs from UTF-8 above U+FFFF). */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
