package com.mailplatform.delivery.trace;

import com.mailplatform.common.trace.QueueSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The trace of each first attempt in progress, by queue id: the "deliver" span is a child of the AMQP receive span
 * (whose parent is smtp-ingress' queue span, from the message's traceparent), and the calls made for the message
 * (mailbox-store's Deliver) are started within it. Mutiny does not carry the OpenTelemetry context from stage to
 * stage, hence the look-up by queue id. Retries from queue.deferred start no trace of their own here.
 */
@ApplicationScoped
public class Traces {

    private final Tracer tracer;
    private final Map<String, Context> attempts = new ConcurrentHashMap<>();

    public Traces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Runs the first attempt of the message from mail-inbound in its "deliver" span. */
    public <T> Uni<T> firstAttempt(Message<?> message, String queueId, Supplier<Uni<T>> attempt) {
        Context parent = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(Context.current());
        Span span = QueueSpans.start(tracer, "deliver", SpanKind.CONSUMER, parent, queueId);
        Context trace = parent.with(span);
        attempts.put(queueId, trace);
        return QueueSpans.ending(span, QueueSpans.within(trace, attempt))
                .onTermination().invoke(() -> attempts.remove(queueId, trace));
    }

    /** Starts {@code call} within the trace of the message's attempt, if one is in progress. */
    public <T> Uni<T> within(String queueId, Supplier<Uni<T>> call) {
        Context trace = attempts.get(queueId);
        return trace == null ? call.get() : QueueSpans.within(trace, call);
    }
}
