package com.mailplatform.gateway.imap.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence-set (RFC 9051 section 9): ranges of numbers where {@code *} stands for the largest number in use,
 * which only the selected mailbox knows, so it is resolved at evaluation time.
 */
public record SequenceSet(List<long[]> ranges) {

    /** Stands for "*" until resolved. */
    public static final long STAR = -1;
    public static final long MAX = 4294967295L;
    /** RFC 5182 "$": the session's saved search result, resolved by the selected mailbox (no ranges of its own). */
    public static final SequenceSet SAVED = new SequenceSet(List.of());

    /** Whether this is "$" (a parsed set is never empty). */
    public boolean saved() {
        return ranges.isEmpty();
    }

    public boolean contains(long n, long largest) {
        for (long[] r : ranges) {
            long a = r[0] == STAR ? largest : r[0];
            long b = r[1] == STAR ? largest : r[1];
            if (n >= Math.min(a, b) && n <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    static SequenceSet parse(String text) {
        if (text.isEmpty() || text.length() > 100_000) {
            throw new IllegalArgumentException("bad sequence set");
        }
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            long a = number(colon < 0 ? part : part.substring(0, colon));
            long b = colon < 0 ? a : number(part.substring(colon + 1));
            ranges.add(new long[]{a, b});
            if (ranges.size() > 10_000) {
                throw new IllegalArgumentException("sequence set too long");
            }
        }
        return new SequenceSet(List.copyOf(ranges));
    }

    private static long number(String s) {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') {
            throw new IllegalArgumentException("bad number in sequence set");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new IllegalArgumentException("bad number in sequence set");
            }
        }
        long n = Long.parseLong(s);
        if (n > MAX) {
            throw new IllegalArgumentException("number out of range");
        }
        return n;
    }

    /** Compact text of sorted numbers, e.g. 1:3,7 (for COPYUID and ESEARCH). */
    public static String format(List<Long> sorted) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(sorted.get(i));
            if (j > i) {
                sb.append(':').append(sorted.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
