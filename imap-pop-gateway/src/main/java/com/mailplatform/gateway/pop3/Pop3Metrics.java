package com.mailplatform.gateway.pop3;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The few POP3 meters worth a dashboard; exported at /q/metrics. */
public final class Pop3Metrics {

    private final AtomicInteger active = new AtomicInteger();
    private final Counter sessions;
    private final Counter authFailures;
    private final Counter retrieved;
    private final Counter deleted;

    public Pop3Metrics(MeterRegistry registry) {
        registry.gauge("pop3.sessions.active", active);
        sessions = registry.counter("pop3.sessions");
        authFailures = registry.counter("pop3.auth.failures");
        // RETR and TOP alike: both read the message from the store
        retrieved = registry.counter("pop3.messages.retrieved");
        deleted = registry.counter("pop3.messages.expunged");
    }

    void sessionOpened() {
        sessions.increment();
        active.incrementAndGet();
    }

    void sessionClosed() {
        active.decrementAndGet();
    }

    void authFailure() {
        authFailures.increment();
    }

    void retrieved() {
        retrieved.increment();
    }

    void expunged(int n) {
        deleted.increment(n);
    }
}
