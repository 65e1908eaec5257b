package com.mailplatform.smtp.checks;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MailFilter;
import com.mailplatform.smtp.filter.Verdict;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.AsynchronousSPFExecutor;
import org.apache.james.jspf.executor.FutureSPFResult;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.jboss.logging.Logger;

/**
 * SPF (RFC 7208) at MAIL FROM with Apache jSPF: the MAIL FROM domain, or for the null sender the HELO name (section
 * 2.4), checked against the client address. The result is kept in the session for DMARC and the
 * Authentication-Results header of this transaction. Only with smtpd.checks.spf-reject-fail does a "fail" refuse
 * MAIL (550 5.7.23, RFC 7372); otherwise DMARC decides.
 *
 * jSPF runs with its asynchronous executor over {@link SpfDns} (our cached resolver): no thread waits for DNS, the
 * record is evaluated on whichever thread its last answer arrives on (parsing one record is microseconds).
 */
@ApplicationScoped
public class SpfCheck implements MailFilter {

    private static final Logger LOG = Logger.getLogger(SpfCheck.class);
    /** The session key of the current transaction's {@link SpfOutcome}, as a memoized Uni. */
    static final Object KEY = SpfCheck.class;

    private final boolean enabled;
    private final boolean rejectFail;
    private final CheckDns dns;
    private final ChecksScope scope;
    private final SPF spf;

    @Inject
    public SpfCheck(SmtpConfig config, CheckDns dns, ChecksScope scope) {
        this(config.checks().spf(), config.checks().spfRejectFail(), dns, scope);
    }

    SpfCheck(boolean enabled, boolean rejectFail, CheckDns dns, ChecksScope scope) {
        this.enabled = enabled;
        this.rejectFail = rejectFail;
        this.dns = dns;
        this.scope = scope;
        SpfDns service = new SpfDns(dns);
        MacroExpand macros = new MacroExpand(service);
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, service);
        wiring.put(MacroExpandEnabled.class, macros);
        this.spf = new SPF(service, new RFC4408SPF1Parser(new DefaultTermsFactory(wiring)), macros,
                new AsynchronousSPFExecutor(service));
        // include: needs the checker itself (what SPF's one-argument constructor wires).
        wiring.put(SPFCheckEnabled.class, spf);
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Uni<Verdict> onMail(FilterContext ctx) {
        ctx.session().remove(KEY);
        if (!enabled || !scope.applies(ctx) || ctx.mailFrom() == null) {
            return Verdict.continueUni();
        }
        Uni<SpfOutcome> outcome = check(ctx.clientAddress(), ctx.mailFrom(), ctx.heloName())
                .invoke(o -> LOG.debugf("%s: SPF %s for %s from [%s]", ctx.queueId(), o.result(), o.identity(),
                        ctx.clientAddress()))
                .memoize().indefinitely();
        ctx.session().put(KEY, outcome);
        if (!rejectFail) {
            // Nothing to decide at MAIL: the check runs while the client sends RCPT and DATA, and end of data
            // (DMARC) awaits it, so its DNS overlaps the transaction instead of delaying the MAIL reply.
            outcome.subscribe().with(o -> { }, e -> { });
            return Verdict.continueUni();
        }
        return outcome.map(o -> o.result() == SpfOutcome.Result.FAIL
                ? Verdict.reject("550 5.7.23 <" + ctx.mailFrom() + ">: Sender address rejected: SPF fail for "
                        + o.domain() + " from [" + ctx.clientAddress() + "]")
                : Verdict.proceed());
    }

    @Override
    public void onAbort(FilterContext ctx) {
        ctx.session().remove(KEY);
    }

    /** The SPF result for this transaction (null item when SPF was not checked); it never fails. */
    public static Uni<SpfOutcome> outcome(FilterContext ctx) {
        Uni<SpfOutcome> outcome = ctx.session().get(KEY);
        return outcome == null ? Uni.createFrom().nullItem() : outcome;
    }

    Uni<SpfOutcome> check(String clientAddress, String mailFrom, String helo) {
        boolean nullSender = mailFrom.isEmpty();
        String heloName = helo == null ? "" : helo;
        // RFC 7208 section 2.4: for the null reverse-path the identity is postmaster@<HELO name>.
        String identity = nullSender ? "postmaster@" + heloName : mailFrom;
        String domain = identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || domain.startsWith("[")) {
            return Uni.createFrom().item(new SpfOutcome(SpfOutcome.Result.NONE, identity, domain, nullSender));
        }
        if (MailAddress.needsSmtputf8(domain)) {
            // An SMTPUTF8 sender's U-label domain: DNS (and so SPF) knows it only as its A-label (RFC 5890).
            try {
                domain = MailAddress.asciiDomain(domain);
            } catch (AddressException e) {
                return Uni.createFrom().item(new SpfOutcome(SpfOutcome.Result.NONE, identity, domain, nullSender));
            }
        }
        String asciiIdentity = identity.substring(0, identity.lastIndexOf('@') + 1) + domain;
        String checked = domain;
        return Uni.createFrom().<SPFResult>emitter(em -> {
                    SPFResult r = spf.checkSPF(clientAddress, asciiIdentity, heloName);
                    if (r instanceof FutureSPFResult f) {
                        // Called at once when the result is already there (every answer from the cache).
                        f.addListener(em::complete);
                    } else {
                        em.complete(r);
                    }
                })
                .map(r -> new SpfOutcome(SpfOutcome.Result.of(r.getResult()), identity, checked, nullSender))
                .ifNoItem().after(dns.timeout())
                .recoverWithItem(() -> new SpfOutcome(SpfOutcome.Result.TEMPERROR, identity, checked, nullSender))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("SPF check of %s failed: %s", identity, e.toString());
                    return new SpfOutcome(SpfOutcome.Result.TEMPERROR, identity, checked, nullSender);
                });
    }
}
