package com.mailplatform.smtp.checks;

import com.google.common.net.InternetDomainName;
import java.util.Locale;

/**
 * RFC 7489 section 3.2: the organizational domain is the registered domain under a public suffix. There is no kept
 * DMARC library for Java here, so this uses Guava's copy of the Public Suffix List
 * ({@link InternetDomainName#topPrivateDomain()}), updated with Guava releases.
 */
public final class OrganizationalDomain {

    private OrganizationalDomain() {
    }

    /** The organizational domain of {@code domain} (lower case); the name itself when it has none. */
    public static String of(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            InternetDomainName name = InternetDomainName.from(d);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            // A name not under any listed suffix (.test, .internal): its last two labels, as opendmarc does.
            String[] labels = d.split("\\.");
            return labels.length <= 2 ? d : labels[labels.length - 2] + "." + labels[labels.length - 1];
        } catch (IllegalArgumentException | IllegalStateException e) {
            return d;
        }
    }

    /** Relaxed alignment (RFC 7489 section 3.1): the same organizational domain. */
    public static boolean aligned(String a, String b, boolean strict) {
        if (a == null || b == null) {
            return false;
        }
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return strict ? x.equals(y) : of(x).equals(of(y));
    }
}
