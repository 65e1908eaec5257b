package com.mailplatform.smtp.checks;

import java.util.Locale;

/**
 * An SPF result (RFC 7208 section 2.6) for one identity: {@code identity} is the MAIL FROM address (or
 * postmaster@HELO for the null sender), {@code domain} its domain, which DMARC aligns with the From domain.
 */
public record SpfOutcome(Result result, String identity, String domain, boolean helo) {

    public enum Result {
        NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

        /** jSPF's result names are RFC 7208's; anything else is a permerror. */
        static Result of(String name) {
            if (name == null) {
                return PERMERROR;
            }
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return PERMERROR;
            }
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
