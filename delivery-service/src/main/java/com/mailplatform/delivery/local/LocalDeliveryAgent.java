package com.mailplatform.delivery.local;

import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import com.mailplatform.delivery.queue.Job;
import com.mailplatform.delivery.sieve.SieveDeliveries;
import com.mailplatform.delivery.sieve.SieveFilter;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Postfix's local/virtual delivery agent: hands local recipients to mailbox-store's idempotent Deliver in one call
 * per message. Any failure of the store fails the whole Uni, so the attempt is retried; the delivery key
 * (queue id, recipient) makes the retry safe for recipients already stored.
 */
@ApplicationScoped
public class LocalDeliveryAgent {

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    DeliveryConfig config;

    @Inject
    com.mailplatform.delivery.trace.Traces traces;

    @Inject
    SieveFilter sieve;

    /**
     * {@code accounts} are the canonical account addresses mailbox-store resolved the recipients to. Accounts with an
     * active Sieve script get what their script decided (sieve part: {@link SieveFilter}, {@link SieveDeliveries});
     * the others the message's default folder.
     */
    public Uni<List<Outcome>> deliver(Job job, List<String> accounts) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sieve.plan(job, accounts).flatMap(plans -> {
            SieveDeliveries d = SieveDeliveries.of(job, accounts, plans);
            if (d.request().getDeliveriesCount() == 0) {
                return Uni.createFrom().item(d.merge(List.of(), LocalDeliveryAgent::outcome));
            }
            return traces.within(job.queueId(), () -> store.deliver(d.request()))
                    .ifNoItem().after(config.storeTimeout()).fail()
                    .map(reply -> d.merge(reply.getResultsList(), LocalDeliveryAgent::outcome));
        });
    }

    static Outcome outcome(DeliveryResult r) {
        return switch (r.getStatus()) {
            case DELIVERED -> new Outcome(r.getRecipient(), "local", "2.0.0", Status.SENT, "delivered to mailbox, uid " + r.getUid());
            case DUPLICATE -> new Outcome(r.getRecipient(), "local", "2.0.0", Status.SENT, "already delivered, uid " + r.getUid());
            case UNKNOWN_RECIPIENT -> new Outcome(r.getRecipient(), "local", "5.1.1", Status.BOUNCED, "unknown user");
            // Postfix defers over-quota mail by default: the user may make room before the queue lifetime ends.
            case OVER_QUOTA -> new Outcome(r.getRecipient(), "local", "4.2.2", Status.DEFERRED, "mailbox full");
            // RFC 3463 X.2.1 "Mailbox disabled, not accepting messages": permanent or held, per mailbox.disabled-account-mail
            case MAILBOX_DISABLED -> new Outcome(r.getRecipient(), "local", "5.2.1", Status.BOUNCED, "mailbox disabled");
            case MAILBOX_HELD -> new Outcome(r.getRecipient(), "local", "4.2.1", Status.DEFERRED, "mailbox disabled, held");
            case UNKNOWN_BLOB, UNRECOGNIZED -> new Outcome(r.getRecipient(), "local", "4.3.0", Status.DEFERRED, r.getDetail());
        };
    }
}
