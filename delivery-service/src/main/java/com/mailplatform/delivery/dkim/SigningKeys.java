package com.mailplatform.delivery.dkim;

import com.mailplatform.common.grpc.mailbox.MailboxDkim;
import com.mailplatform.common.grpc.mailbox.SigningKey;
import com.mailplatform.common.grpc.mailbox.SigningKeysRequest;
import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.dkim.DkimSigner.DomainKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The active DKIM keys of a domain, asked of mailbox-store (dkim.proto SigningKeys) and remembered for
 * {@code delivery.dkim.key-cache-time}, absence included, so most messages cost no call.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    /** Bound on remembered domains; From domains of relayed mail are chosen by senders. */
    static final int MAX_DOMAINS = 10_000;

    @Inject
    @GrpcClient("mailbox-store")
    MailboxDkim dkim;

    @Inject
    DeliveryConfig delivery;

    @Inject
    DkimConfig config;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long expiresNanos, List<DomainKey> keys) {
    }

    /** The keys, or a failure (the store is down) that the caller must treat as temporary. */
    public Uni<List<DomainKey>> of(String domain) {
        Cached c = cache.get(domain);
        if (c != null && c.expiresNanos - System.nanoTime() > 0) {
            return Uni.createFrom().item(c.keys);
        }
        return dkim.signingKeys(SigningKeysRequest.newBuilder().setDomain(domain).build())
                .ifNoItem().after(delivery.storeTimeout()).fail()
                .map(reply -> decode(domain, reply.getKeysList()))
                // A store older than dkim.proto signs nothing, like a domain without keys.
                .onFailure(e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED)
                .recoverWithItem(List.of())
                .invoke(keys -> remember(domain, keys));
    }

    private void remember(String domain, List<DomainKey> keys) {
        if (cache.size() >= MAX_DOMAINS) {
            cache.clear();
        }
        cache.put(domain, new Cached(System.nanoTime() + config.keyCacheTime().toNanos(), keys));
    }

    private static List<DomainKey> decode(String domain, List<SigningKey> keys) {
        List<DomainKey> out = new ArrayList<>();
        for (SigningKey k : keys) {
            String jdkAlgorithm = switch (k.getAlgorithm()) {
                case DkimSigner.RSA_SHA256 -> "RSA";
                case DkimSigner.ED25519_SHA256 -> "Ed25519";
                default -> null;
            };
            try {
                if (jdkAlgorithm == null) {
                    throw new GeneralSecurityException("unknown algorithm " + k.getAlgorithm());
                }
                out.add(new DomainKey(k.getSelector(), k.getAlgorithm(), KeyFactory.getInstance(jdkAlgorithm)
                        .generatePrivate(new PKCS8EncodedKeySpec(k.getPrivateKeyPkcs8().toByteArray()))));
            } catch (GeneralSecurityException e) {
                // One broken key must not stop signing with the domain's other key.
                LOG.errorf("DKIM key %s of %s is unusable, not signing with it: %s", k.getSelector(), domain, e.getMessage());
            }
        }
        return List.copyOf(out);
    }
}
