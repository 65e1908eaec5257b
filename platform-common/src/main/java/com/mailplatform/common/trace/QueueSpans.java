package com.mailplatform.common.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.function.Supplier;

/**
 * The spans a message's trip makes (smtp-ingress queue, delivery-service deliver, mailbox-store store), each
 * carrying the queue id as {@code mail.queue_id} so a trace is found from a mail log line. With the SDK disabled
 * (the default, {@code quarkus.otel.sdk.disabled=true}) the tracer is a no-op and these cost a few allocations.
 */
public final class QueueSpans {

    public static final AttributeKey<String> QUEUE_ID = AttributeKey.stringKey("mail.queue_id");

    private QueueSpans() {
    }

    public static Span start(Tracer tracer, String name, SpanKind kind, Context parent, String queueId) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).setAttribute(QUEUE_ID, queueId).startSpan();
    }

    /**
     * Subscribes to the call's Uni with {@code context} current, so what is instrumented and starts at subscription
     * (a gRPC client call) joins the trace; Mutiny itself does not carry the OpenTelemetry context across stages.
     */
    public static <T> Uni<T> within(Context context, Supplier<Uni<T>> call) {
        return Uni.createFrom().emitter(em -> {
            Cancellable c;
            try (Scope s = context.makeCurrent()) {
                c = call.get().subscribe().with(em::complete, em::fail);
            }
            em.onTermination(c::cancel);
        });
    }

    /** Ends the span when the Uni ends, marking a failure. */
    public static <T> Uni<T> ending(Span span, Uni<T> uni) {
        return uni.onTermination().invoke((item, failure, cancelled) -> {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
    }
}
