package com.mailplatform.smtp.policy;

import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.smtp.SmtpConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Decides each RCPT when it is given (ARCHITECTURE.md, "Accept"): first smtpd_relay_restrictions (may this client
 * send to this destination at all?), then, for our own domains, the recipient must exist. Deciding here, not after
 * DATA, is what keeps the platform from ever sending a bounce to a forged sender for an unknown user
 * (backscatter).
 */
@ApplicationScoped
public class RecipientPolicy {

    private static final Logger LOG = Logger.getLogger(RecipientPolicy.class);

    public record Decision(boolean accepted, String reply, String canonical) {
        /** The local domain has no such user (550 5.1.1): what a harvester probes for. */
        public boolean unknownUser() {
            return !accepted && reply.startsWith("550 5.1.1");
        }

        static Decision accept(String canonical) {
            return new Decision(true, "250 2.1.5 Ok", canonical);
        }

        static Decision reject(String reply) {
            return new Decision(false, reply, null);
        }
    }

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    SmtpConfig config;

    private volatile RecipientCache cache;
    private volatile Mynetworks mynetworks;
    private volatile RelayRestrictions restrictions;

    Mynetworks mynetworks() {
        if (mynetworks == null) {
            mynetworks = Mynetworks.parse(config.mynetworks().orElse(List.of()));
        }
        return mynetworks;
    }

    RelayRestrictions restrictions() {
        if (restrictions == null) {
            restrictions = RelayRestrictions.parse(config.relayRestrictions());
        }
        return restrictions;
    }

    RecipientCache cache() {
        if (cache == null) {
            cache = new RecipientCache(config.recipientCacheTtl(), config.recipientCacheSize(), Clock.systemUTC());
        }
        return cache;
    }

    public boolean trusted(String clientAddress) {
        return mynetworks().contains(clientAddress);
    }

    public Uni<Decision> decide(MailAddress rcpt, String clientAddress, boolean authenticated) {
        String tempfail = "451 4.3.0 <" + rcpt + ">: Temporary lookup failure";
        ResolveRecipientReply.Status cached = cache().get(rcpt.key());
        if (cached != null) {
            return Uni.createFrom().item(decide(rcpt, ResolveRecipientReply.newBuilder().setStatus(cached).build(), clientAddress,
                    authenticated, tempfail));
        }
        return store.resolveRecipient(ResolveRecipientRequest.newBuilder().setAddress(rcpt.toString()).build())
                .ifNoItem().after(config.lookupTimeout()).fail()
                .map(reply -> {
                    // A full mailbox is not full after an expunge, and a disabled account may come back: only an
                    // account that takes mail is remembered (a full one would otherwise be refused for the TTL).
                    if (!reply.getOverQuota() && !reply.getDisabled()) {
                        cache().put(rcpt.key(), reply.getStatus());
                    }
                    return decide(rcpt, reply, clientAddress, authenticated, tempfail);
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("recipient look-up for %s failed: %s", rcpt, e.toString());
                    return Decision.reject(tempfail);
                });
    }

    /** The relay restrictions and the look-up's answer; the restrictions are judged every time (they depend on the client). */
    private Decision decide(MailAddress rcpt, ResolveRecipientReply reply, String clientAddress, boolean authenticated,
                            String tempfail) {
        ResolveRecipientReply.Status status = reply.getStatus();
        if (status == ResolveRecipientReply.Status.UNRECOGNIZED) {
            return Decision.reject(tempfail);
        }
        boolean local = status == ResolveRecipientReply.Status.LOCAL_EXISTS || status == ResolveRecipientReply.Status.LOCAL_UNKNOWN;
        RelayRestrictions.Facts facts = new RelayRestrictions.Facts(trusted(clientAddress), authenticated, local);
        if (restrictions().evaluate(facts) == RelayRestrictions.Result.REJECT) {
            return Decision.reject("554 5.7.1 <" + rcpt + ">: Relay access denied");
        }
        return switch (status) {
            // RFC 5321 4.2.3 452 (insufficient storage, try later) with RFC 3463 X.2.2 "Mailbox full", the reply
            // Dovecot's quota-status policy service gives Postfix: the sender's MTA keeps it, not our queue.
            case LOCAL_EXISTS -> reply.getOverQuota()
                    ? Decision.reject("452 4.2.2 <" + rcpt + ">: Recipient address rejected: Mailbox full")
                    : Decision.accept(rcpt.toString());
            // RFC 3463 X.2.1 "Mailbox disabled, not accepting messages" (mailbox.disabled-account-mail=reject)
            case LOCAL_UNKNOWN -> reply.getDisabled()
                    ? Decision.reject("550 5.2.1 <" + rcpt + ">: Recipient address rejected: Mailbox disabled")
                    : Decision.reject("550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown");
            default -> Decision.accept(rcpt.toString());
        };
    }
}
