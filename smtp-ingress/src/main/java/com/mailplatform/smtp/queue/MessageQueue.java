package com.mailplatform.smtp.queue;

import com.mailplatform.common.blob.BlobChunks;
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
 * <p>The two steps have their own time limits because a 451 must be honest: a timed-out blob upload queued
 * nothing (an unreferenced blob is harmless), but once the envelope is handed to the AMQP sender the connector
 * keeps resending it across a broker restart (retry-on-fail-*), so giving up earlier would answer 451 for a
 * message the broker then accepts, and the client's retry would deliver it twice. The outcome limit
 * ({@code smtpd.queue-outcome-timeout}) is therefore longer than the connector's whole retry span and far below the
 * 10 minutes an SMTP client waits for the reply to the final dot (RFC 5321 section 4.5.3.2.6).
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
                            .ifNoItem().after(config.queueOutcomeTimeout()).fail();
                })
                .invoke(() -> metrics.queued(content.length))
                .onFailure().invoke(metrics::queueFailed)
                .onFailure().invoke(e -> LOG.warnf("%s: cannot queue: %s", envelope.queueId(), e.toString())));
    }
}
