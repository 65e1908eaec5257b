package com.mailplatform.delivery.dkim;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Signs a message going to a remote host when its From domain has active keys: the DKIM-Signature fields are put in
 * front of the bytes the SMTP client sends; the stored blob is never changed.
 *
 * <p>A mailbox-store that cannot be asked for the keys fails the returned Uni, so the attempt is retried later
 * rather than sent unsigned: mail of a domain that publishes DMARC p=reject would otherwise be refused or
 * quarantined by receivers for a passing outage of ours. A message that cannot be signed for what it is (no or
 * several From fields, unparseable header) is sent unsigned, since no later attempt could sign it either.
 */
@ApplicationScoped
public class OutboundSigner {

    private static final Logger LOG = Logger.getLogger(OutboundSigner.class);

    private final SigningKeys keys;
    private final DkimConfig config;
    private final Clock clock = Clock.systemUTC();

    public OutboundSigner(SigningKeys keys, DkimConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public Uni<byte[]> sign(String queueId, byte[] content) {
        if (!config.signing()) {
            return Uni.createFrom().item(content);
        }
        // mime4j parsing and RSA signing are CPU work: on a worker thread, never on the event loop.
        return Uni.createFrom().item(() -> FromDomain.of(content)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(domain -> domain.isEmpty() ? Uni.createFrom().item(content) : keys.of(domain.get())
                        .flatMap(k -> k.isEmpty() ? Uni.createFrom().item(content)
                                : Uni.createFrom().item(() -> signed(queueId, content, domain.get(), k))
                                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())));
    }

    private byte[] signed(String queueId, byte[] content, String domain, List<DkimSigner.DomainKey> k) {
        String fields;
        try {
            fields = DkimSigner.sign(content, domain, k, config.signHeaders(), config.oversignHeaders(), clock.millis() / 1000);
        } catch (Exception e) {
            LOG.warnf("%s: not DKIM-signed for %s: %s", queueId, domain, e.getMessage());
            return content;
        }
        LOG.debugf("%s: DKIM-signed for %s with %d key(s)", queueId, domain, k.size());
        return DkimSigner.prepend(fields, content);
    }
}
