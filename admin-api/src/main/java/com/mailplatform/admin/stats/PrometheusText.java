package com.mailplatform.admin.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small reader of the Prometheus text exposition format (version 0.0.4): {@code name{label="value",...} value
 * [timestamp]} per line, {@code #} comments. Only the series named in {@code wanted} are kept. Built for hostile
 * input: the caller bounds the text's size; here lines over {@link #MAX_LINE}, more than {@link #MAX_SAMPLES} kept
 * samples and anything malformed are skipped, never an exception.
 */
public final class PrometheusText {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    static final int MAX_LINE = 4096;
    static final int MAX_SAMPLES = 1000;
    static final int MAX_LABELS = 16;

    private PrometheusText() {
    }

    public static List<Sample> parse(String text, Set<String> wanted) {
        List<Sample> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n && out.size() < MAX_SAMPLES) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            if (end - start <= MAX_LINE) {
                Sample s = line(text.substring(start, end), wanted);
                if (s != null) {
                    out.add(s);
                }
            }
            start = end + 1;
        }
        return out;
    }

    /** One sample line, or null when it is a comment, not wanted or malformed. */
    static Sample line(String line, Set<String> wanted) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            return null;
        }
        int i = 0;
        while (i < l.length() && (Character.isLetterOrDigit(l.charAt(i)) || l.charAt(i) == '_' || l.charAt(i) == ':')) {
            i++;
        }
        String name = l.substring(0, i);
        if (name.isEmpty() || !wanted.contains(name)) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < l.length() && l.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == ',')) {
                    i++;
                }
                if (i >= l.length()) {
                    return null;
                }
                if (l.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = l.indexOf('=', i);
                if (eq < 0 || eq + 1 >= l.length() || l.charAt(eq + 1) != '"' || labels.size() >= MAX_LABELS) {
                    return null;
                }
                String key = l.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                boolean closed = false;
                while (j < l.length()) {
                    char c = l.charAt(j);
                    if (c == '\\' && j + 1 < l.length()) {
                        char e = l.charAt(j + 1);
                        value.append(e == 'n' ? '\n' : e);
                        j += 2;
                    } else if (c == '"') {
                        closed = true;
                        j++;
                        break;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                if (!closed || key.isEmpty()) {
                    return null;
                }
                labels.put(key, value.toString());
                i = j;
            }
        }
        String[] rest = l.substring(i).strip().split("[ \\t]+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(rest[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        // a counter is finite and never negative; anything else is not one
        if (!Double.isFinite(value) || value < 0) {
            return null;
        }
        return new Sample(name, labels, value);
    }
}
