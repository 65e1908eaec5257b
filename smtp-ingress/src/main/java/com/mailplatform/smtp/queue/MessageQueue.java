package com.mailplatform.smtp.queue;

import com.mailplatform.common.blob.BlobChunks;
import com.mailplatform.common.grpc.mailbox.Handoff;
import com.mailplatform.common.grpc.mailbox.HandoffRequest;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.InboundMailCodec;
import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.metrics.SmtpMetrics;
import com.mailplatform.common.trace.QueueSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The claim check (ARCHITECTURE.md, "Queue"): content goes once to the blob store, then the envelope goes to the
 * broker. The returned Uni completes only when the broker has settled the message as accepted, which is the
 * moment the SMTP server may say 250; a failure means 451 and the client retries.
 *
 * <p>A 451 must be honest: it makes the client send the message again, so the message must then never be
 * delivered. A timed-out or failed blob upload queued nothing (an unreferenced blob is harmless): 451. Once the
 * envelope is handed to the AMQP sender, a failure or no outcome within {@code smtpd.queue-outcome-timeout} does
 * not say the broker lacks it: the broker may have died with the message in its journal and the settlement lost,
 * or the connector may still be resending it. Then the hand-off is settled with mailbox-store (mailbox.proto
 * SettleHandoff; delivery-service claims every message there before acting on it): abandoned first means
 * delivery-service will drop it, so 451; claimed first means delivery-service has it, so 250 after all. When even
 * that cannot be asked, neither answer would be true, and the connection is closed without one
 * ({@link OutcomeUnknown}): a lost reply, which the client retries (RFC 5321 section 6.1, a duplicate at worst).
 */
@ApplicationScoped
public class MessageQueue {

    private static final Logger LOG = Logger.getLogger(MessageQueue.class);
    static final int CHUNK = 64 * 1024;

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    @Channel("mail-inbound")
    MutinyEmitter<String> inbound;

    @Inject
    SmtpConfig config;

    @Inject
    SmtpMetrics metrics;

    @Inject
    Tracer tracer;

    /**
     * The broker gave no outcome: settles the hand-off as abandoned unless delivery-service claimed it first. Completes
     * when delivery-service has the message; fails with {@code brokerFailure} when it never will, and with
     * {@link OutcomeUnknown} when mailbox-store cannot be asked either.
     */
    Uni<Void> abandon(String queueId, Throwable brokerFailure) {
        return store.settleHandoff(HandoffRequest.newBuilder().setQueueId(queueId).setWant(Handoff.ABANDONED).build())
                .ifNoItem().after(config.queueTimeout()).fail()
                .onFailure().transform(e -> new OutcomeUnknown(queueId, brokerFailure, e))
                .flatMap(reply -> {
                    if (reply.getSettled() == Handoff.CLAIMED) {
                        LOG.infof("%s: no outcome from the broker (%s), but delivery-service has the message", queueId, brokerFailure.toString());
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom().failure(brokerFailure);
                });
    }

    /** Stores the content and queues the envelope; {@code mail.blobId()} and {@code size()} are filled in here. */
    public Uni<Void> enqueue(InboundMail envelope, byte[] content) {
        // The trace starts here (traces are off unless quarkus.otel.sdk.disabled=false): the blob upload and the
        // broker send are its children, and the AMQP connector carries the context to delivery-service in the
        // message's application properties (W3C traceparent).
        Span span = QueueSpans.start(tracer, "smtpd queue", SpanKind.PRODUCER, Context.current(), envelope.queueId());
        Context trace = Context.current().with(span);
        return QueueSpans.ending(span, QueueSpans.within(trace, () -> BlobChunks.upload(store, content, CHUNK))
                .ifNoItem().after(config.queueTimeout()).fail()
                .flatMap(blob -> {
                    InboundMail mail = envelope.withBlob(blob.getBlobId(), blob.getSize());
                    return inbound.sendMessage(Message.of(InboundMailCodec.encode(mail)).addMetadata(TracingMetadata.withCurrent(trace)))
                            .ifNoItem().after(config.queueOutcomeTimeout()).fail()
                            .onFailure().recoverWithUni(e -> abandon(envelope.queueId(), e));
                })
                .invoke(() -> metrics.queued(content.length))
                .onFailure().invoke(metrics::queueFailed)
                .onFailure().invoke(e -> LOG.warnf("%s: cannot queue: %s", envelope.queueId(), e.toString())));
    }
}
