package com.mailplatform.smtp.checks;

import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.metrics.SmtpMetrics;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MailFilter;
import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.Verdict;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * At end of data on the MTA listener: DKIM (RFC 6376), then DMARC (RFC 7489) for the From domain with the SPF
 * result of MAIL FROM, the policy applied (reject: 550 5.7.1; quarantine: delivered into the Junk folder; none),
 * Authentication-Results fields carrying our authserv-id removed (RFC 8601 section 5: they did not come from us)
 * and one Authentication-Results field of ours added, right under our Received field (section 4: it is a trace
 * field, added at the top like Received). The forged fields are removed on every listener, the checks run only
 * where {@link ChecksScope} says.
 */
@ApplicationScoped
public class SenderAuthentication implements MailFilter {

    private static final Logger LOG = Logger.getLogger(SenderAuthentication.class);

    private final ChecksScope scope;
    private final String authservId;
    private final DkimVerification dkim;
    private final DmarcDiscovery discovery;
    private final DmarcPolicy policy;
    private final String quarantineMailbox;
    /** Set by CDI; null in unit tests that build the filter by hand. */
    @Inject
    SmtpMetrics metrics;

    @Inject
    public SenderAuthentication(SmtpConfig config, CheckDns dns, ChecksScope scope) {
        this(scope, config.checks().authservId().filter(s -> !s.isBlank()).orElse(config.myhostname()),
                config.checks().dkim() ? new DkimVerification(dns, config.checks().dkimMaxSignatures(),
                        Infrastructure.getDefaultWorkerPool()) : null,
                config.checks().dmarc() ? new DmarcDiscovery(dns) : null,
                new DmarcPolicy(config.checks().dmarcEnforce(), () -> ThreadLocalRandom.current().nextInt(100)),
                config.checks().quarantineMailbox());
    }

    SenderAuthentication(ChecksScope scope, String authservId, DkimVerification dkim, DmarcDiscovery discovery,
                         DmarcPolicy policy, String quarantineMailbox) {
        this.scope = scope;
        this.authservId = authservId;
        this.dkim = dkim;
        this.discovery = discovery;
        this.policy = policy;
        this.quarantineMailbox = quarantineMailbox;
    }

    /**
     * After the milters (200): the filters' header edits are applied in filter order, and a milter's are indexed
     * on the message it was shown, so our removals must come after them, not shift them.
     */
    @Override
    public int order() {
        return 300;
    }

    /** A From domain's DMARC record as discovered; {@code failed} when DNS could not say (temperror). */
    private record Discovered(String domain, Optional<DmarcDiscovery.Found> found, boolean failed) {
    }

    @Override
    public Uni<Verdict> onMessage(FilterContext ctx, byte[] message) {
        MessageEditor.Parsed parsed = MessageEditor.parse(message);
        if (!scope.applies(ctx)) {
            // RFC 8601 section 5: a field with our authserv-id did not come from us, whoever sent it.
            List<MessageEdits.HeaderEdit> removals = AuthenticationResults.removeForged(parsed, authservId);
            return Uni.createFrom().item(removals.isEmpty() ? Verdict.proceed()
                    : Verdict.edit(new MessageEdits(removals, null, List.of(), List.of(), null)));
        }
        // SPF (started at MAIL), DKIM verification and DMARC record discovery do not depend on each other: all run
        // at once, and DMARC is evaluated when all three are in.
        Uni<Optional<List<DkimOutcome>>> dkimResults = dkim == null ? Uni.createFrom().item(Optional.empty())
                : dkim.verify(message, parsed).map(Optional::of);
        List<String> domains = discovery == null ? List.of() : FromDomains.of(parsed);
        List<Uni<Discovered>> lookups = new ArrayList<>();
        for (String domain : domains) {
            lookups.add(discovery.discover(domain).map(f -> new Discovered(domain, f, false))
                    .onFailure().recoverWithItem(e -> {
                        LOG.infof("DMARC record of %s: %s", domain, e.getMessage());
                        return new Discovered(domain, Optional.empty(), true);
                    }));
        }
        Uni<List<Discovered>> records = lookups.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(lookups).andFailFast();
        Uni<Optional<SpfOutcome>> spfResult = SpfCheck.outcome(ctx).map(Optional::ofNullable);
        return Uni.combine().all().unis(spfResult, dkimResults, records).asTuple().map(t -> {
            SpfOutcome spf = t.getItem1().orElse(null);
            List<DkimOutcome> d = t.getItem2().orElse(null);
            return verdict(ctx, parsed, spf, d, dmarc(t.getItem3(), spf, d == null ? List.of() : d));
        });
    }

    /** The strictest outcome over the From domains (a failure that rejects beats one that quarantines, ...). */
    private DmarcOutcome dmarc(List<Discovered> records, SpfOutcome spf, List<DkimOutcome> dkimResults) {
        if (discovery == null) {
            return null;
        }
        if (records.isEmpty()) {
            return DmarcOutcome.of(DmarcOutcome.Result.NONE, null);
        }
        List<DmarcOutcome> each = new ArrayList<>();
        for (Discovered r : records) {
            each.add(r.failed() ? DmarcOutcome.of(DmarcOutcome.Result.TEMPERROR, r.domain())
                    : r.found().map(f -> policy.evaluate(r.domain(), f.record(), f.atFromDomain(), spf, dkimResults))
                            .orElse(DmarcOutcome.of(DmarcOutcome.Result.NONE, r.domain())));
        }
        return strictest(each);
    }

    static DmarcOutcome strictest(List<DmarcOutcome> outcomes) {
        DmarcOutcome best = outcomes.get(0);
        for (DmarcOutcome o : outcomes) {
            if (rank(o) > rank(best)) {
                best = o;
            }
        }
        return best;
    }

    private static int rank(DmarcOutcome o) {
        int disposition = o.disposition() == null ? 0 : o.disposition().ordinal();
        return disposition * 10 + switch (o.result()) {
            case FAIL -> 4;
            case TEMPERROR -> 3;
            case PERMERROR -> 2;
            case PASS -> 1;
            case NONE -> 0;
        };
    }

    private Verdict verdict(FilterContext ctx, MessageEditor.Parsed parsed, SpfOutcome spf, List<DkimOutcome> d,
                            DmarcOutcome dmarc) {
        // With every check turned off there is nothing to report; forged fields are still removed.
        List<String> header = spf == null && d == null && dmarc == null ? List.of()
                : List.of(AuthenticationResults.build(authservId, spf, d, dmarc));
        header.forEach(h -> LOG.infof("%s: %s", ctx.queueId(), h.replace("\r\n\t", " ")));
        if (metrics != null) {
            metrics.senderChecks(spf, d, dmarc);
        }
        if (dmarc != null && dmarc.disposition() == DmarcRecord.Policy.REJECT) {
            return Verdict.reject("550 5.7.1 rejected by DMARC policy for " + dmarc.fromDomain());
        }
        List<MessageEdits.HeaderEdit> removals = AuthenticationResults.removeForged(parsed, authservId);
        String mailbox = dmarc != null && dmarc.disposition() == DmarcRecord.Policy.QUARANTINE ? quarantineMailbox
                : null;
        MessageEdits edits = new MessageEdits(removals, null, List.of(), List.of(), null, mailbox);
        return new Verdict(Verdict.Action.CONTINUE, null, header, edits);
    }
}
