package com.mailplatform.delivery.metrics;

import com.mailplatform.common.metrics.ScrapeCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Postfix's queues as gauges ({@code mail_queue_messages{state}}, {@code mail_queue_oldest_message_age_seconds{state}}):
 * <ul>
 * <li>{@code deferred}, {@code hold}, {@code active}: messages in queue.deferred waiting for their next attempt, held
 * by an operator or a filter, or claimed by a replica for a retry now. One grouped query over the table, at most
 * once per {@code delivery.metrics.queue-snapshot-max-age} and only when scraped ({@link ScrapeCache}). Every
 * replica reports the same cluster-wide values: aggregate them with {@code max}, not {@code sum}.</li>
 * <li>{@code incoming}: messages this replica took from mail-inbound whose first attempt is not settled yet (per
 * replica: {@code sum} them). What still waits in the broker is the broker's own metric (Artemis:
 * {@code artemis_message_count{queue="mail-inbound"}}).</li>
 * </ul>
 */
@ApplicationScoped
public class QueueGauges {

    static final String[] TABLE_STATES = {"active", "deferred", "hold"};

    /** One row per state present: messages (distinct queue ids) and the age of the oldest in seconds. */
    static final String SNAPSHOT = "SELECT CASE WHEN held THEN 'hold' WHEN claimed_until > now() THEN 'active' ELSE 'deferred' END,"
            + " count(DISTINCT queue_id), EXTRACT(EPOCH FROM now() - min(received_at))::float8"
            + " FROM queue.deferred GROUP BY 1";

    record State(long messages, double oldestAgeSeconds) {
    }

    private final AtomicInteger incoming = new AtomicInteger();
    private final ScrapeCache<Map<String, State>> snapshot;
    private final MeterRegistry registry;

    public QueueGauges(MeterRegistry registry, Pool pool, MetricsConfig config) {
        this.registry = registry;
        this.snapshot = new ScrapeCache<>(Map.of(), config.queueSnapshotMaxAge(), Clock.systemUTC(),
                () -> read(pool).subscribeAsCompletionStage());
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("mail.queue.messages", incoming, AtomicInteger::get).tag("state", "incoming")
                .description("Messages in the queue by state (incoming: per replica; the others: cluster-wide)").register(registry);
        for (String s : TABLE_STATES) {
            Gauge.builder("mail.queue.messages", snapshot, c -> c.get().getOrDefault(s, EMPTY).messages()).tag("state", s)
                    .description("Messages in the queue by state (incoming: per replica; the others: cluster-wide)").register(registry);
            Gauge.builder("mail.queue.oldest.message.age", snapshot, c -> c.get().getOrDefault(s, EMPTY).oldestAgeSeconds())
                    .tag("state", s).baseUnit("seconds").description("Age of the oldest message in the queue by state")
                    .register(registry);
        }
    }

    private static final State EMPTY = new State(0, 0);

    static Uni<Map<String, State>> read(Pool pool) {
        return pool.query(SNAPSHOT).execute().map(rows -> {
            Map<String, State> m = new HashMap<>();
            for (Row r : rows) {
                m.put(r.getString(0), new State(r.getLong(1), r.getDouble(2)));
            }
            return m;
        });
    }

    /** A message from mail-inbound: its first attempt starts. */
    public void incomingStarted() {
        incoming.incrementAndGet();
    }

    /** Its first attempt is settled (or handed back to the broker). */
    public void incomingDone() {
        incoming.decrementAndGet();
    }
}
