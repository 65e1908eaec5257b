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
            // A name that publishes something DMARC-like ends discovery there, usable or not (steps 3 and 4).
            if (own != null || org.equals(from)) {
                return Uni.createFrom().item(Optional.ofNullable(own).flatMap(r -> r).map(r -> new Found(r, true)));
            }
            return at(org).map(o -> Optional.ofNullable(o).flatMap(r -> r).map(r -> new Found(r, false)));
        });
    }

    private Uni<Optional<DmarcRecord>> at(String domain) {
        return dns.txt("_dmarc." + domain).map(DmarcDiscovery::select);
    }

    /** null: no DMARC record at all; empty: DMARC records that give no policy (several, or unusable); else it. */
    static Optional<DmarcRecord> select(List<String> txts) {
        List<String> dmarc = txts.stream().filter(DmarcRecord::isDmarc).toList();
        if (dmarc.isEmpty()) {
            return null;
        }
        return dmarc.size() == 1 ? DmarcRecord.parse(dmarc.get(0)) : Optional.empty();
    }
}
