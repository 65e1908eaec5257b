package com.mailplatform.smtp.checks;

import com.mailplatform.common.dns.CachingResolver;
import com.mailplatform.common.dns.DnsResolvers;
import com.mailplatform.smtp.SmtpConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * DNS for the sender checks (SPF, DKIM, DMARC discovery, DNSBL): one asynchronous, caching resolver over the
 * configured servers (smtpd.checks.resolvers, smtpd.checks.dns-timeout, smtpd.checks.dns-cache.*). Every look-up
 * goes through platform-common's {@link CachingResolver}, so a sender's records are asked once per TTL, concurrent
 * identical questions share one query and the queries upstream are bounded; look-ups never block a thread, and each
 * ends within the check timeout. NXDOMAIN and NODATA are an empty answer, anything else (timeout, SERVFAIL) a
 * {@link DnsTempFailure} the caller reports as temperror.
 */
@ApplicationScoped
public class CheckDns {

    /** A TXT record longer than this (all its strings joined) is not read: no policy record needs 4 KiB. */
    static final int MAX_TXT = 4096;

    private final CachingResolver resolver;
    private final LookupSession session;
    private final Duration timeout;

    @Inject
    public CheckDns(SmtpConfig config) {
        this(config.checks().resolvers().orElse(List.of()), config.checks().timeout(), config.checks().dnsTimeout(),
                config.checks().dnsCache().settings(), Clock.systemUTC());
    }

    /** With the default cache settings. */
    public CheckDns(List<String> servers, Duration timeout, Duration dnsTimeout) {
        this(servers, timeout, dnsTimeout, CachingResolver.Settings.defaults(), Clock.systemUTC());
    }

    /**
     * {@code timeout}: one whole check; {@code dnsTimeout}: one query, retried within it (DnsResolvers); {@code clock}
     * decides when cached answers expire.
     */
    public CheckDns(List<String> servers, Duration timeout, Duration dnsTimeout, CachingResolver.Settings cache,
                    Clock clock) {
        try {
            this.resolver = new CachingResolver(DnsResolvers.create(servers, dnsTimeout), cache, clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpd.checks.resolvers: " + e.getMessage(), e);
        }
        this.timeout = timeout;
        // No dnsjava Cache: CachingResolver caches, with negative answers and failures too.
        this.session = LookupSession.builder().resolver(resolver).clearCaches().build();
    }

    /** The caching resolver (also what jDKIM's fallback look-ups use). */
    public CachingResolver resolver() {
        return resolver;
    }

    /** The overall time a check may take. */
    public Duration timeout() {
        return timeout;
    }

    /** TXT records of {@code name}, each with its character-strings joined (RFC 7208 section 3.3). */
    public Uni<List<String>> txt(String name) {
        return records(name, Type.TXT, r -> {
            if (!(r instanceof TXTRecord t)) {
                return null;
            }
            String joined = String.join("", t.getStrings());
            return joined.length() <= MAX_TXT ? joined : null;
        });
    }

    /** A records of {@code name} as dotted quads. */
    public Uni<List<String>> a(String name) {
        return records(name, Type.A, r -> r instanceof ARecord a ? a.getAddress().getHostAddress() : null);
    }

    /** The records converted; those the converter gives null for are left out. */
    private Uni<List<String>> records(String name, int type, Function<Record, String> convert) {
        return lookup(name, type).map(records -> records.stream().map(convert).filter(Objects::nonNull).toList());
    }

    /** The records of {@code type} at {@code name} (CNAMEs followed); empty for NXDOMAIN and NODATA. */
    public Uni<List<Record>> lookup(String name, int type) {
        Name n;
        try {
            n = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().completionStage(() -> session.lookupAsync(n, type, DClass.IN))
                .map(result -> List.copyOf(result.getRecords()))
                .onFailure(CheckDns::noSuchName).recoverWithItem(List.of())
                .ifNoItem().after(timeout).failWith(() -> new DnsTempFailure(name + ": DNS timeout"))
                .onFailure(e -> !(e instanceof DnsTempFailure))
                .transform(e -> new DnsTempFailure(name + ": " + cause(e)));
    }

    private static boolean noSuchName(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c instanceof NoSuchDomainException || c instanceof NoSuchRRSetException;
    }

    private static String cause(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.toString();
    }

    /** A look-up that could not be answered now (timeout, SERVFAIL): temperror, never a verdict. */
    public static final class DnsTempFailure extends RuntimeException {
        public DnsTempFailure(String message) {
            super(message, null, false, false);
        }
    }
}
