package com.mailplatform.store.dkim;

import java.time.YearMonth;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** DKIM selector syntax and the default selector of a new key. Pure; no I/O. */
public final class Selectors {

    /** RFC 6376 section 3.1: selector = sub-domain *( "." sub-domain ), sub-domain as in RFC 5321 section 4.1.2. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** A DNS name is at most 253 characters (RFC 1035 section 2.3.4), "._domainkey." and the domain included. */
    private static final int MAX_NAME = 253;

    private Selectors() {
    }

    /** The selector in lower case; IllegalArgumentException with an operator-readable reason when it is not one. */
    public static String validate(String selector, String domain) {
        String s = selector.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the selector is empty");
        }
        for (String label : s.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("invalid selector '" + selector
                        + "': dot-separated labels of letters, digits and inner hyphens, 1 to 63 characters each (RFC 6376 section 3.1)");
            }
        }
        if (dnsName(s, domain).length() > MAX_NAME) {
            throw new IllegalArgumentException("selector '" + selector + "' is too long: " + dnsName(s, domain) + " exceeds " + MAX_NAME + " characters");
        }
        return s;
    }

    public static String dnsName(String selector, String domain) {
        return selector + "._domainkey." + domain;
    }

    /** "s202611r" for an RSA key made in November 2026; "s202611r2", "s202611r3" ... when that is taken. */
    public static String defaultSelector(DkimAlgorithm algorithm, YearMonth month, Set<String> taken) {
        String base = String.format(Locale.ROOT, "s%04d%02d%c", month.getYear(), month.getMonthValue(), algorithm.selectorSuffix());
        if (!taken.contains(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            if (!taken.contains(base + n)) {
                return base + n;
            }
        }
    }
}
