package com.mailplatform.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.common.protocol.AuthPenaltyTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProtocolMetricsTest {

    @Test
    void unknownVerbsShareOneSeriesSoClientsCannotGrowTheSet() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProtocolMetrics m = new ProtocolMetrics(registry, "imap", Set.of("imap", "imaps"), Set.of("NOOP", "FETCH"));
        m.timed("noop", CompletableFuture.completedFuture(null));
        m.timed("XYZZY1", CompletableFuture.completedFuture(null));
        m.timed("XYZZY2", CompletableFuture.completedFuture(null));
        CompletableFuture<Void> pending = new CompletableFuture<>();
        m.timed("FETCH", pending);

        assertEquals(1, registry.get("mail.imap.command.duration").tag("command", "NOOP").timer().count());
        assertEquals(2, registry.get("mail.imap.command.duration").tag("command", "other").timer().count());
        // a command is timed when its reply is done, not when it starts
        assertEquals(0, registry.get("mail.imap.command.duration").tag("command", "FETCH").timer().count());
        pending.complete(null);
        assertEquals(1, registry.get("mail.imap.command.duration").tag("command", "FETCH").timer().count());
        assertEquals(3, registry.find("mail.imap.command.duration").timers().size());
    }

    @Test
    void connectionsAreCountedPerListenerAndActiveSessionsGoBackDown() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProtocolMetrics m = new ProtocolMetrics(registry, "pop3", Set.of("pop3", "pop3s"), Set.of());
        m.connected("pop3s");
        m.connected("pop3s");
        m.disconnected();
        m.authFailure();
        assertEquals(2, registry.get("mail.pop3.connections").tag("listener", "pop3s").counter().count());
        assertEquals(0, registry.get("mail.pop3.connections").tag("listener", "pop3").counter().count());
        assertEquals(1, registry.get("mail.pop3.sessions.active").gauge().value());
        assertEquals(1, registry.get("mail.pop3.auth.failures").counter().count());
    }

    @Test
    void scrapeCacheQueriesOnlyWhenStaleAndNeverWaits() {
        AuthPenaltyTest.TestClock clock = new AuthPenaltyTest.TestClock();
        AtomicInteger queries = new AtomicInteger();
        CompletableFuture<Integer>[] next = new CompletableFuture[1];
        ScrapeCache<Integer> cache = new ScrapeCache<>(0, Duration.ofSeconds(5), clock, () -> {
            queries.incrementAndGet();
            next[0] = new CompletableFuture<>();
            return next[0];
        });
        assertEquals(0, cache.get());          // first read starts a query and answers the initial value
        assertEquals(0, cache.get());          // one query in flight at a time
        assertEquals(1, queries.get());
        next[0].complete(7);
        assertEquals(7, cache.get());          // fresh: no new query
        assertEquals(1, queries.get());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(7, cache.get());          // stale: the old value, and a refresh
        assertEquals(2, queries.get());
        next[0].completeExceptionally(new IllegalStateException("database away"));
        assertEquals(7, cache.get());          // a failed refresh keeps the last value
        assertEquals(2, queries.get());
    }
}
