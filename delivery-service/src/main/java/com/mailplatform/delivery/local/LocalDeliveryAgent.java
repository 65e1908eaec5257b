package com.mailplatform.delivery.local;

import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Postfix's local/virtual delivery agent: hands local recipients to mailbox-store's idempotent Deliver in one
 * call per message. Recipients of other domains (relayed for trusted clients) are deferred until remote delivery
 * exists. Any failure of the store fails the whole Uni, so the broker message is handed back and retried; the
 * delivery key makes the retry safe for recipients already stored.
 */
@ApplicationScoped
public class LocalDeliveryAgent {

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    DeliveryConfig config;

    public Uni<List<Outcome>> deliver(InboundMail mail) {
        return Multi.createFrom().iterable(mail.recipients())
                .onItem().transformToUniAndConcatenate(rcpt -> store.resolveRecipient(
                        ResolveRecipientRequest.newBuilder().setAddress(rcpt).build()).map(r -> new Resolved(rcpt, r)))
                .collect().asList()
                .ifNoItem().after(config.storeTimeout()).fail()
                .flatMap(resolved -> {
                    List<Outcome> outcomes = new ArrayList<>();
                    DeliverRequest.Builder local = DeliverRequest.newBuilder();
                    for (Resolved r : resolved) {
                        switch (r.reply.getStatus()) {
                            case LOCAL_EXISTS -> local.addDeliveries(Delivery.newBuilder().setQueueId(mail.queueId())
                                    .setRecipient(r.reply.getAccount()).setBlobId(mail.blobId())
                                    .setInternalDateMillis(mail.receivedAtMillis()));
                            case LOCAL_UNKNOWN -> outcomes.add(new Outcome(r.rcpt, "local", "5.1.1", Status.BOUNCED,
                                    "unknown user: \"" + r.rcpt + "\""));
                            default -> outcomes.add(new Outcome(r.rcpt, "none", "4.4.1", Status.DEFERRED,
                                    "remote delivery is not available yet"));
                        }
                    }
                    if (local.getDeliveriesCount() == 0) {
                        return Uni.createFrom().item(outcomes);
                    }
                    return store.deliver(local.build())
                            .ifNoItem().after(config.storeTimeout()).fail()
                            .map(reply -> {
                                for (DeliveryResult res : reply.getResultsList()) {
                                    outcomes.add(outcome(res));
                                }
                                return outcomes;
                            });
                });
    }

    static Outcome outcome(DeliveryResult r) {
        return switch (r.getStatus()) {
            case DELIVERED -> new Outcome(r.getRecipient(), "local", "2.0.0", Status.SENT, "delivered to mailbox, uid " + r.getUid());
            case DUPLICATE -> new Outcome(r.getRecipient(), "local", "2.0.0", Status.SENT, "already delivered, uid " + r.getUid());
            case UNKNOWN_RECIPIENT -> new Outcome(r.getRecipient(), "local", "5.1.1", Status.BOUNCED, "unknown user");
            // Postfix defers over-quota mail by default: the user may make room before the queue lifetime ends.
            case OVER_QUOTA -> new Outcome(r.getRecipient(), "local", "4.2.2", Status.DEFERRED, "mailbox full");
            case UNKNOWN_BLOB, UNRECOGNIZED -> new Outcome(r.getRecipient(), "local", "4.3.0", Status.DEFERRED, r.getDetail());
        };
    }

    private record Resolved(String rcpt, ResolveRecipientReply reply) {
    }
}
