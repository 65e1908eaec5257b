package com.mailplatform.delivery.client;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * default_destination_concurrency_limit: at most {@code limit} transactions per destination at a time in this
 * replica; the others wait in order instead of opening more connections than the receiver tolerates.
 */
public final class DestinationLimiter {

    private final int limit;
    private final Map<String, Slot> slots = new HashMap<>();

    public DestinationLimiter(int limit) {
        this.limit = Math.max(1, limit);
    }

    private static final class Slot {
        int active;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    }

    public <T> Uni<T> run(String destination, Supplier<Uni<T>> work) {
        return Uni.createFrom().<Void>emitter(em -> acquire(destination, () -> em.complete(null)))
                .flatMap(x -> work.get())
                .eventually(() -> release(destination));
    }

    /** Transactions now running for a destination (for tests and metrics). */
    public synchronized int active(String destination) {
        Slot s = slots.get(destination);
        return s == null ? 0 : s.active;
    }

    private void acquire(String destination, Runnable go) {
        synchronized (this) {
            Slot s = slots.computeIfAbsent(destination, k -> new Slot());
            if (s.active >= limit) {
                s.waiting.add(go);
                return;
            }
            s.active++;
        }
        go.run();
    }

    private void release(String destination) {
        Runnable next;
        synchronized (this) {
            Slot s = slots.get(destination);
            next = s.waiting.poll();
            if (next == null) {
                s.active--;
                if (s.active == 0) {
                    slots.remove(destination);
                }
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
