package com.mailplatform.smtp.checks;

import java.util.Locale;

/**
 * The result of one DKIM-Signature (RFC 6376 section 6.1, named as in RFC 8601 section 2.7.1): the signing domain
 * {@code d}, selector {@code s}, and the first characters of {@code b} so a reader can tell signatures apart
 * (RFC 6008). {@code reason} is a short human explanation or null.
 */
public record DkimOutcome(Result result, String domain, String selector, String b, String reason) {

    public enum Result {
        NONE, PASS, FAIL, NEUTRAL, POLICY, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
