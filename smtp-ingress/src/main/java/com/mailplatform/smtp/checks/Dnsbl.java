package com.mailplatform.smtp.checks;

import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.metrics.SmtpMetrics;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MailFilter;
import com.mailplatform.smtp.filter.Verdict;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Postfix's reject_rbl_client: the connecting address is looked up in each DNSBL zone (RFC 5782: the address's
 * octets, or for IPv6 its 32 nibbles, reversed under the zone; an A record in 127.0.0.0/8 means listed). A listed
 * client is answered "554 5.7.1 Service unavailable; Client host [addr] blocked using zone" at MAIL (Postfix's
 * smtpd_delay_reject). The look-ups start at connect; the answer is awaited at MAIL, so a client that authenticated
 * in between is let through (permit_sasl_authenticated before reject_rbl_client, as operators write it). Answers outside 127.0.0.x (Spamhaus's 127.255.255.x error codes) and failed look-ups are not a
 * listing: a DNSBL that is down must not stop mail.
 */
@ApplicationScoped
public class Dnsbl implements MailFilter {

    private static final Logger LOG = Logger.getLogger(Dnsbl.class);

    /** {@code zone}, or {@code zone=127.0.0.2} to match one answer only (Postfix's filter syntax, exact form). */
    record Zone(String name, String answer) {
        static Zone parse(String spec) {
            String s = spec.strip();
            int eq = s.indexOf('=');
            String name = eq < 0 ? s : s.substring(0, eq);
            String answer = eq < 0 ? null : s.substring(eq + 1);
            if (!name.matches("[A-Za-z0-9_.-]+") || (answer != null && !answer.matches("127\\.0\\.0\\.\\d{1,3}"))) {
                throw new IllegalArgumentException("smtpd.rbl-clients: expected zone or zone=127.0.0.N: " + spec);
            }
            return new Zone(name.endsWith(".") ? name.substring(0, name.length() - 1) : name, answer);
        }

        boolean listedBy(List<String> answers) {
            return answers.stream().anyMatch(a -> answer == null ? a.startsWith("127.0.0.") : a.equals(answer));
        }
    }

    private final List<Zone> zones;
    private final CheckDns dns;
    private final ChecksScope scope;
    /** Set by CDI; null in unit tests that build the filter by hand. */
    @Inject
    SmtpMetrics metrics;

    @Inject
    public Dnsbl(SmtpConfig config, CheckDns dns, ChecksScope scope) {
        this(config.rblClients().orElse(List.of()).stream().filter(z -> !z.isBlank()).map(Zone::parse).toList(),
                dns, scope);
    }

    Dnsbl(List<Zone> zones, CheckDns dns, ChecksScope scope) {
        this.zones = zones;
        this.dns = dns;
        this.scope = scope;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Uni<Verdict> onConnect(FilterContext ctx) {
        if (zones.isEmpty() || !scope.applies(ctx)) {
            return Verdict.continueUni();
        }
        Optional<String> reversed = reversed(ctx.clientAddress());
        if (reversed.isEmpty()) {
            return Verdict.continueUni();
        }
        Uni<Verdict> listing = lookUp(ctx, reversed.get()).memoize().indefinitely();
        listing.subscribe().with(v -> { }, e -> { });
        ctx.session().put(this, listing);
        return Verdict.continueUni();
    }

    @Override
    public Uni<Verdict> onMail(FilterContext ctx) {
        Uni<Verdict> listing = ctx.session().get(this);
        return listing == null || !scope.applies(ctx) ? Verdict.continueUni() : listing;
    }

    private Uni<Verdict> lookUp(FilterContext ctx, String reversedAddress) {
        List<Uni<Optional<Zone>>> lookups = new ArrayList<>();
        for (Zone z : zones) {
            lookups.add(dns.a(reversedAddress + "." + z.name())
                    .map(answers -> z.listedBy(answers) ? Optional.of(z) : Optional.<Zone>empty())
                    .invoke(r -> count(z.name(), r.isPresent() ? "listed" : "clean"))
                    .onFailure().invoke(e -> count(z.name(), "error"))
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("DNSBL %s: %s: not listed (look-up failed: %s)", z.name(), ctx.clientAddress(),
                                e.getMessage());
                        return Optional.empty();
                    }));
        }
        // All zones are asked at once; the first listing in configuration order decides, as in Postfix.
        return Uni.join().all(lookups).andFailFast().map(results -> {
            for (Optional<Zone> r : results) {
                if (r.isPresent()) {
                    LOG.infof("client [%s] listed by %s", ctx.clientAddress(), r.get().name());
                    return Verdict.reject("554 5.7.1 Service unavailable; Client host [" + ctx.clientAddress()
                            + "] blocked using " + r.get().name());
                }
            }
            return Verdict.proceed();
        });
    }

    private void count(String zone, String result) {
        if (metrics != null) {
            metrics.dnsbl(zone, result);
        }
    }

    /** RFC 5782 section 2.1 (IPv4, reversed octets) and 2.4 (IPv6, reversed nibbles). */
    static Optional<String> reversed(String address) {
        if (address == null || !address.matches("[0-9a-fA-F:.]+")) {
            return Optional.empty();
        }
        byte[] b;
        try {
            b = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append(i > 0 ? "." : "");
            }
        } else {
            for (int i = 15; i >= 0; i--) {
                sb.append(Character.forDigit(b[i] & 0xf, 16)).append('.')
                        .append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(i > 0 ? "." : "");
            }
        }
        return Optional.of(sb.toString());
    }
}
