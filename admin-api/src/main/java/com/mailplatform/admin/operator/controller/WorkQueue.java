package com.mailplatform.admin.operator.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The rate-limited work queue of client-go's controller pattern, keyed by "namespace/name": a key waits at most
 * once however many events arrive for it (reconciliation is level-based, so one pass sees the latest state), a key
 * is never handed to two workers at once (an event during processing re-queues it when {@link #done} is called),
 * and failures are retried with per-key exponential backoff.
 */
public final class WorkQueue implements AutoCloseable {

    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Deque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final ScheduledExecutorService timer;
    private boolean shutDown;

    public WorkQueue(String name, Duration baseDelay, Duration maxDelay) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-requeue");
            t.setDaemon(true);
            return t;
        });
    }

    public synchronized void add(String key) {
        if (shutDown || !dirty.add(key)) {
            return;
        }
        if (!processing.contains(key)) {
            queue.addLast(key);
            notifyAll();
        }
    }

    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        synchronized (this) {
            if (shutDown) {
                return;
            }
        }
        timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Re-queues after base * 2^(failures-1), capped at the maximum delay. */
    public Duration addRateLimited(String key) {
        int n;
        synchronized (this) {
            n = failures.merge(key, 1, Integer::sum);
        }
        Duration delay = backoff(n);
        addAfter(key, delay);
        return delay;
    }

    Duration backoff(int failureCount) {
        int exp = Math.min(failureCount - 1, 30);
        long millis = baseDelay.toMillis() << exp;
        return millis <= 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
    }

    /** Clears the failure count after a successful pass. */
    public synchronized void forget(String key) {
        failures.remove(key);
    }

    /** Blocks until a key is available; null once the queue is shut down. */
    public synchronized String take() throws InterruptedException {
        while (queue.isEmpty() && !shutDown) {
            wait();
        }
        if (shutDown) {
            return null;
        }
        String key = queue.pollFirst();
        processing.add(key);
        dirty.remove(key);
        return key;
    }

    public synchronized void done(String key) {
        processing.remove(key);
        if (dirty.contains(key)) {
            queue.addLast(key);
            notifyAll();
        }
    }

    public synchronized int length() {
        return queue.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            shutDown = true;
            notifyAll();
        }
        timer.shutdownNow();
    }
}
