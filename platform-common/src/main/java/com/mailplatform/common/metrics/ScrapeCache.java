package com.mailplatform.common.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A value read from the database for gauges (queue depth, store size): a gauge read returns the last value at
 * once and, when it is older than {@code maxAge}, starts one asynchronous refresh. So a scrape never waits for
 * (or blocks an event loop on) a query, nobody scraping costs no query, and many gauges read one snapshot. The
 * price: a scrape sees the value of at most {@code maxAge} plus one scrape interval ago.
 */
public final class ScrapeCache<T> {

    private final Supplier<CompletionStage<T>> query;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile T value;
    private volatile long takenAtMillis = Long.MIN_VALUE;

    public ScrapeCache(T initial, Duration maxAge, Clock clock, Supplier<CompletionStage<T>> query) {
        this.value = initial;
        this.maxAge = maxAge;
        this.clock = clock;
        this.query = query;
    }

    public T get() {
        long now = clock.millis();
        if (takenAtMillis == Long.MIN_VALUE || now - takenAtMillis >= maxAge.toMillis()) {
            refresh(now);
        }
        return value;
    }

    private void refresh(long now) {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = query.get();
        } catch (RuntimeException e) {
            // a failed read keeps the last value; the next read tries again
            takenAtMillis = now;
            refreshing.set(false);
            return;
        }
        stage.whenComplete((v, e) -> {
            if (e == null && v != null) {
                value = v;
            }
            takenAtMillis = now;
            refreshing.set(false);
        });
    }
}
