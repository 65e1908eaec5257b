package com.mailplatform.delivery;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.InboundMailCodec;
import com.mailplatform.delivery.local.LocalDeliveryAgent;
import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.queue.DeferredQueue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes mail-inbound. The broker message is acknowledged only after every recipient's outcome is durable
 * (stored, deferred in queue.deferred, or logged as bounced); on any failure it is handed back and redelivered
 * (ARCHITECTURE.md, "Never lose accepted mail").
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    private final LocalDeliveryAgent local;
    private final DeferredQueue deferred;
    private final MailLog mailLog;
    private final DeliveryConfig config;

    public InboundConsumer(LocalDeliveryAgent local, DeferredQueue deferred, MailLog mailLog, DeliveryConfig config) {
        this.local = local;
        this.deferred = deferred;
        this.mailLog = mailLog;
        this.config = config;
    }

    @Incoming("mail-inbound")
    public Uni<Void> consume(Message<String> message) {
        InboundMail mail;
        try {
            mail = InboundMailCodec.decode(message.getPayload());
        } catch (IllegalArgumentException e) {
            // Not ours to deliver and never deliverable: keep it visible in the log, do not loop on it.
            LOG.errorf("dropping unreadable mail-inbound message: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.ack());
        }
        return local.deliver(mail)
                .flatMap(outcomes -> deferred.defer(mail, only(outcomes, Outcome.Status.DEFERRED))
                        .flatMap(x -> mailLog.record(mail, outcomes)))
                .flatMap(x -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("%s: delivery attempt failed, will retry: %s", mail.queueId(), e.toString());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(config.retryPause())
                            .flatMap(x -> Uni.createFrom().completionStage(message.nack(e)));
                });
    }

    private static List<Outcome> only(List<Outcome> all, Outcome.Status status) {
        return all.stream().filter(o -> o.status() == status).toList();
    }
}
