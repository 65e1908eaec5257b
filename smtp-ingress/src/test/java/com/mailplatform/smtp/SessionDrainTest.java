package com.mailplatform.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shutdown order of SessionDrain: idle sessions at once, a transaction when it ends, a stuck one at the deadline. */
class SessionDrainTest {

    private static final String BYE = "421 4.7.0 mx.example.test Error: service shutting down";

    /** A session whose "idle" the test switches; closing unregisters it, as SmtpSession's onClose does. */
    static final class Fake implements SessionDrain.Session {
        final SessionDrain drain;
        final AtomicBoolean idle;
        final AtomicReference<String> lastReply = new AtomicReference<>();

        Fake(SessionDrain drain, boolean idle) {
            this.drain = drain;
            this.idle = new AtomicBoolean(idle);
            drain.opened(this);
        }

        @Override
        public void closeIfIdle(String reply) {
            if (idle.get()) {
                close(reply);
            }
        }

        @Override
        public void close(String reply) {
            lastReply.compareAndSet(null, reply);
            drain.closed(this);
        }
    }

    @Test
    void idleSessionsGoAtOnceTransactionsFinishStuckOnesAreCutAtTheDeadline() throws Exception {
        SessionDrain drain = new SessionDrain();
        Fake idle = new Fake(drain, true);
        Fake inTransaction = new Fake(drain, false);
        Fake stuck = new Fake(drain, false);
        assertFalse(drain.draining());

        CompletableFuture<Integer> cut = CompletableFuture.supplyAsync(() -> {
            try {
                return drain.drain(Duration.ofMillis(800), Duration.ofMillis(10), BYE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (idle.lastReply.get() == null) {
            Thread.onSpinWait();
        }
        assertTrue(drain.draining(), "new connections are refused from the start of the drain");
        assertEquals(null, inTransaction.lastReply.get(), "a transaction in flight is not interrupted");
        inTransaction.idle.set(true); // its 250 went out
        assertEquals(1, cut.get(), "only the stuck session was cut off");
        assertEquals(BYE, inTransaction.lastReply.get());
        assertEquals(BYE, stuck.lastReply.get());
        assertEquals(0, drain.open());
    }

    @Test
    void nothingOpenReturnsAtOnce() throws Exception {
        long start = System.nanoTime();
        assertEquals(0, new SessionDrain().drain(Duration.ofSeconds(30), Duration.ofMillis(100), BYE));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
    }
}
