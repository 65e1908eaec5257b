package com.mailplatform.gateway.imap.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SORT command's sort-criteria (RFC 5256 BASE.6.4.SORT, RFC 5957 DISPLAYFROM/DISPLAYTO):
 * "(" ["REVERSE" SP] sort-key *(SP ["REVERSE" SP] sort-key) ")".
 */
public record SortCriteria(List<Criterion> criteria) {

    /** More keys than there are distinct ones serve no purpose: cap what a client may send. */
    public static final int MAX_CRITERIA = 16;

    public enum Key { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    public record Criterion(Key key, boolean reverse) { }

    /** From the atoms inside the parentheses; IllegalArgumentException names what is wrong. */
    public static SortCriteria of(List<String> atoms) {
        if (atoms.isEmpty()) {
            throw new IllegalArgumentException("empty sort criteria");
        }
        List<Criterion> out = new ArrayList<>();
        boolean reverse = false;
        for (String a : atoms) {
            String word = a.toUpperCase(Locale.ROOT);
            if (word.equals("REVERSE")) {
                if (reverse) {
                    throw new IllegalArgumentException("REVERSE REVERSE");
                }
                reverse = true;
                continue;
            }
            Key key;
            try {
                key = Key.valueOf(word);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown sort key");
            }
            out.add(new Criterion(key, reverse));
            reverse = false;
            if (out.size() > MAX_CRITERIA) {
                throw new IllegalArgumentException("too many sort keys");
            }
        }
        if (reverse) {
            throw new IllegalArgumentException("REVERSE without a sort key");
        }
        return new SortCriteria(List.copyOf(out));
    }
}
