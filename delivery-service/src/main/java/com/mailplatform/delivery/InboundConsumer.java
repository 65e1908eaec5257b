package com.mailplatform.delivery;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.InboundMailCodec;
import com.mailplatform.delivery.local.MailboxStoreCalls;
import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.metrics.QueueGauges;
import com.mailplatform.delivery.queue.DeferredQueue;
import com.mailplatform.delivery.queue.Dispatcher;
import com.mailplatform.delivery.queue.Job;
import com.mailplatform.delivery.queue.QueueManager;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes mail-inbound. The broker message is acknowledged only after every recipient's outcome is durable
 * (delivered, deferred in queue.deferred, or bounced with its DSN queued); on any failure it is handed back and
 * redelivered (ARCHITECTURE.md, "Never lose accepted mail"). A redelivered message skips the recipients whose
 * outcome an earlier attempt already made durable. A message a filter quarantined is not attempted: its recipients
 * (aliases expanded first, as Postfix's cleanup does before the hold queue) are held until an operator releases them.
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    private final Dispatcher dispatcher;
    private final MailboxStoreCalls store;
    private final QueueManager manager;
    private final DeferredQueue queue;
    private final DeliveryConfig config;
    @Inject
    QueueGauges queueGauges;
    @Inject
    com.mailplatform.delivery.trace.Traces traces;

    public InboundConsumer(Dispatcher dispatcher, QueueManager manager, DeferredQueue queue, DeliveryConfig config,
                           MailboxStoreCalls store) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.manager = manager;
        this.queue = queue;
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
        // The hand-off is claimed before anything else (Handoffs in mailbox-store): an abandoned message was answered
        // 451 by smtp-ingress, and its client sends it again.
        return traces.firstAttempt(message, mail.queueId(), () -> store.claim(mail.queueId())
                .flatMap(claimed -> claimed ? deliver(mail) : dropAbandoned(mail))
                .flatMap(x -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("%s: delivery attempt failed, will retry: %s", mail.queueId(), e.toString());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(config.retryPause())
                            .flatMap(x -> Uni.createFrom().completionStage(message.nack(e)));
                })
                ).onSubscription().invoke(queueGauges::incomingStarted).onTermination().invoke(queueGauges::incomingDone);
    }

    private Uni<Void> deliver(InboundMail mail) {
        return dispatcher.expand(job(mail))
                .flatMap(job -> queue.settledRecipients(job.queueId()).map(done -> pending(job, done)))
                .flatMap(job -> job.recipients().isEmpty() ? Uni.createFrom().voidItem()
                        : mail.quarantine() != null ? manager.hold(job, mail.quarantine()) : manager.attempt(job));
    }

    private static Uni<Void> dropAbandoned(InboundMail mail) {
        MailLog.removed(mail.queueId(), "smtpd answered 451 without the broker's outcome; the client sends it again");
        return Uni.createFrom().voidItem();
    }

    static Job job(InboundMail mail) {
        List<Job.Recipient> rcpts = new ArrayList<>();
        for (String r : mail.recipients()) {
            InboundMail.RecipientDsn dsn = mail.dsnOf(r);
            rcpts.add(Job.Recipient.fresh(r, dsn == null ? null : dsn.notifyOn(), dsn == null ? null : dsn.orcpt()));
        }
        return new Job(mail.queueId(), mail.mailFrom() == null ? "" : mail.mailFrom(), mail.blobId(), mail.size(),
                mail.receivedAtMillis(), mail.ret(), mail.envid(), List.copyOf(rcpts), false, mail.mailbox(),
                mail.smtputf8());
    }

    private static Job pending(Job job, Set<String> settled) {
        return job.withRecipients(job.recipients().stream()
                .filter(r -> !settled.contains(r.address().toLowerCase(Locale.ROOT))).toList());
    }
}
