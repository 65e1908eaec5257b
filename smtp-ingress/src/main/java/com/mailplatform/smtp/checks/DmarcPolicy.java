package com.mailplatform.smtp.checks;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * DMARC evaluation without I/O: identifier alignment (RFC 7489 section 3.1), the pass/fail decision (section 4.2:
 * an aligned DKIM pass or an aligned SPF pass), and the disposition (section 6.6.4: the policy, sp for a
 * subdomain whose own name has no record, and pct sampling that steps reject down to quarantine and quarantine
 * down to none).
 */
public final class DmarcPolicy {

    private final boolean enforce;
    /** 0..99 uniformly; the message is "selected" for the policy when it is below pct. */
    private final IntSupplier percentile;

    public DmarcPolicy(boolean enforce, IntSupplier percentile) {
        this.enforce = enforce;
        this.percentile = percentile;
    }

    /**
     * @param record      the record found, with {@code atFromDomain} true when it was published at the From
     *                    domain itself (false: found at the organizational domain, so sp applies)
     * @param spf         the SPF outcome of the transaction, or null
     * @param dkim        the DKIM outcomes
     */
    public DmarcOutcome evaluate(String fromDomain, DmarcRecord record, boolean atFromDomain, SpfOutcome spf,
                                 List<DkimOutcome> dkim) {
        if (record == null) {
            return DmarcOutcome.of(DmarcOutcome.Result.NONE, fromDomain);
        }
        DmarcRecord.Policy requested = atFromDomain || fromDomain.equalsIgnoreCase(OrganizationalDomain.of(fromDomain))
                ? record.policy() : record.subdomainPolicy();
        boolean dkimAligned = dkim.stream().anyMatch(d -> d.result() == DkimOutcome.Result.PASS
                && OrganizationalDomain.aligned(d.domain(), fromDomain, record.strictDkim()));
        boolean spfAligned = spf != null && spf.result() == SpfOutcome.Result.PASS
                && OrganizationalDomain.aligned(spf.domain(), fromDomain, record.strictSpf());
        if (dkimAligned || spfAligned) {
            return new DmarcOutcome(DmarcOutcome.Result.PASS, fromDomain, requested, DmarcRecord.Policy.NONE);
        }
        // A transient failure of a mechanism that could have aligned is not a verdict (no 5xx for a DNS hiccup).
        boolean dkimTemp = dkim.stream().anyMatch(d -> d.result() == DkimOutcome.Result.TEMPERROR
                && d.domain() != null && OrganizationalDomain.aligned(d.domain(), fromDomain, record.strictDkim()));
        boolean spfTemp = spf != null && spf.result() == SpfOutcome.Result.TEMPERROR
                && OrganizationalDomain.aligned(spf.domain(), fromDomain, record.strictSpf());
        if (dkimTemp || spfTemp) {
            return new DmarcOutcome(DmarcOutcome.Result.TEMPERROR, fromDomain, requested, DmarcRecord.Policy.NONE);
        }
        DmarcRecord.Policy disposition = enforce ? sampled(requested, record.pct()) : DmarcRecord.Policy.NONE;
        return new DmarcOutcome(DmarcOutcome.Result.FAIL, fromDomain, requested, disposition);
    }

    private DmarcRecord.Policy sampled(DmarcRecord.Policy requested, int pct) {
        if (requested == DmarcRecord.Policy.NONE || pct >= 100 || percentile.getAsInt() < pct) {
            return requested;
        }
        return requested == DmarcRecord.Policy.REJECT ? DmarcRecord.Policy.QUARANTINE : DmarcRecord.Policy.NONE;
    }
}
