package com.mailplatform.common.smtp;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The service extensions a server announced in its EHLO reply (RFC 5321 section 4.1.1.1): keyword to parameters. */
public record EhloExtensions(Map<String, String> keywords) {

    public static final EhloExtensions NONE = new EhloExtensions(Map.of());

    /** Parses an EHLO reply; the first line is the greeting (domain), every further line one extension. */
    public static EhloExtensions parse(SmtpReply ehlo) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String line = ehlo.lines().get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            String key = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            map.put(key, sp < 0 ? "" : line.substring(sp + 1).strip());
        }
        return new EhloExtensions(Map.copyOf(map));
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** The SIZE limit (RFC 1870), 0 when none was announced or it is not a number. */
    public long sizeLimit() {
        String v = keywords.get("SIZE");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
