package com.mailplatform.smtp.checks;

import java.util.Locale;

/**
 * What DMARC (RFC 7489) concluded for one RFC5322.From domain: {@code requested} is the policy the domain owner
 * asked for this message (p, or sp for a subdomain), {@code disposition} what we do (after pct sampling and
 * smtpd.checks.dmarc-enforce); both are null when no record applies.
 */
public record DmarcOutcome(Result result, String fromDomain, DmarcRecord.Policy requested,
                           DmarcRecord.Policy disposition) {

    public enum Result {
        NONE, PASS, FAIL, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static DmarcOutcome of(Result result, String fromDomain) {
        return new DmarcOutcome(result, fromDomain, null, null);
    }
}
