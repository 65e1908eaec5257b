package com.mailplatform.smtp.checks;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * DMARC policy discovery (RFC 7489 section 6.6.3): the TXT records at _dmarc.<From domain>; when none of them is a
 * DMARC record, those at _dmarc.<organizational domain>. More than one DMARC record at a name means no policy
 * (step 4). A look-up that fails transiently is a {@link CheckDns.DnsTempFailure}.
 */
public final class DmarcDiscovery {

    /** The usable record and whether it was published at the From domain itself. */
    public record Found(DmarcRecord record, boolean atFromDomain) {
    }

    private final CheckDns dns;

    public DmarcDiscovery(CheckDns dns) {
        this.dns = dns;
    }

    public Uni<Optional<Found>> discover(String fromDomain) {
        String from = fromDomain.toLowerCase(Locale.ROOT);
        String org = OrganizationalDomain.of(from);
        return at(from).flatMap(own -> {
            // A name that publishes anything DMARC-like ends discovery there, usable or not (steps 3 and 4).
            if (!own.isEmpty() || org.equals(from)) {
                return Uni.createFrom().item(select(own).map(r -> new Found(r, true)));
            }
            return at(org).map(o -> select(o).map(r -> new Found(r, false)));
        });
    }

    /** The TXT records at _dmarc.{@code domain} that claim to be DMARC records. */
    private Uni<List<String>> at(String domain) {
        return dns.txt("_dmarc." + domain).map(txts -> txts.stream().filter(DmarcRecord::isDmarc).toList());
    }

    /** Exactly one DMARC record gives a policy (if it parses); none or several give none. */
    static Optional<DmarcRecord> select(List<String> dmarcRecords) {
        return dmarcRecords.size() == 1 ? DmarcRecord.parse(dmarcRecords.get(0)) : Optional.empty();
    }
}
