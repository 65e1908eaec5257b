package com.mailplatform.smtp.checks;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DMARC policy record (RFC 7489 section 6.3), parsed without I/O. {@code v=DMARC1} must come first; {@code p} is
 * required (a record without a valid p but with rua is treated as p=none, section 6.6.3); other tags that are
 * malformed fall back to their defaults and unknown tags are ignored, as the RFC asks.
 */
public record DmarcRecord(Policy policy, Policy subdomainPolicy, boolean strictDkim, boolean strictSpf, int pct) {

    /** Longest record read; real ones are well under 512 bytes. */
    static final int MAX_LENGTH = 2048;
    /** Most tags looked at. */
    static final int MAX_TAGS = 32;

    public enum Policy {
        NONE, QUARANTINE, REJECT;

        static Optional<Policy> of(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "none" -> Optional.of(NONE);
                case "quarantine" -> Optional.of(QUARANTINE);
                case "reject" -> Optional.of(REJECT);
                default -> Optional.empty();
            };
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** True when the TXT record claims to be DMARC (section 6.6.3 step 3): it starts with "v=DMARC1". */
    public static boolean isDmarc(String txt) {
        return txt != null && txt.replaceFirst("^[ \\t]+", "").matches("(?s)v[ \\t]*=[ \\t]*DMARC1([ \\t]*;.*)?");
    }

    /** The record, or empty when it is not a usable DMARC record. */
    public static Optional<DmarcRecord> parse(String txt) {
        if (txt == null || txt.length() > MAX_LENGTH || !isDmarc(txt)) {
            return Optional.empty();
        }
        Map<String, String> tags = new HashMap<>();
        String[] parts = txt.split(";", MAX_TAGS + 1);
        for (int i = 1; i < parts.length && i <= MAX_TAGS; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            // The first occurrence of a tag counts; later ones are ignored.
            tags.putIfAbsent(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
        }
        Optional<Policy> p = Optional.ofNullable(tags.get("p")).flatMap(Policy::of);
        if (p.isEmpty()) {
            if (!tags.containsKey("rua")) {
                return Optional.empty();
            }
            p = Optional.of(Policy.NONE);
        }
        Policy sp = Optional.ofNullable(tags.get("sp")).flatMap(Policy::of).orElse(p.get());
        return Optional.of(new DmarcRecord(p.get(), sp, "s".equalsIgnoreCase(tags.get("adkim")),
                "s".equalsIgnoreCase(tags.get("aspf")), pct(tags.get("pct"))));
    }

    private static int pct(String s) {
        if (s == null || !s.matches("\\d{1,3}")) {
            return 100;
        }
        int v = Integer.parseInt(s);
        return v > 100 ? 100 : v;
    }
}
