package com.mailplatform.store.metrics;

import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.metrics.ScrapeCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * mailbox-store's meters: local deliveries by result ({@code mail_store_deliveries_total}) and what the store
 * holds ({@code mail_store_accounts}, {@code mail_store_messages}, {@code mail_store_size_bytes}), summed from the
 * per-mailbox counters that every write keeps (V6), so the read is one small aggregate over mailbox.mailboxes,
 * at most once per {@code mailbox.metrics.snapshot-max-age} and only when scraped. Cluster-wide values: every
 * replica reports the same (aggregate with {@code max}).
 */
@ApplicationScoped
public class StoreMetrics {

    @ConfigMapping(prefix = "mailbox.metrics")
    public interface Config {
        /** How old the store snapshot behind the gauges may be before a scrape starts a new read. */
        @WithDefault("5s")
        Duration snapshotMaxAge();
    }

    static final String SNAPSHOT = "SELECT (SELECT count(*) FROM mailbox.accounts),"
            + " coalesce(sum(message_count), 0)::int8, coalesce(sum(total_size), 0)::int8 FROM mailbox.mailboxes";

    record Snapshot(long accounts, long messages, long bytes) {
    }

    private final MeterRegistry registry;
    private final ScrapeCache<Snapshot> snapshot;

    public StoreMetrics(MeterRegistry registry, Pool pool, Config config) {
        this.registry = registry;
        this.snapshot = new ScrapeCache<>(new Snapshot(0, 0, 0), config.snapshotMaxAge(), Clock.systemUTC(),
                () -> read(pool).subscribeAsCompletionStage());
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("mail.store.accounts", snapshot, c -> c.get().accounts()).description("Accounts").register(registry);
        Gauge.builder("mail.store.messages", snapshot, c -> c.get().messages())
                .description("Messages in all mailboxes (expunged ones are gone)").register(registry);
        Gauge.builder("mail.store.size", snapshot, c -> c.get().bytes()).baseUnit("bytes")
                .description("Sum of the sizes of the messages in all mailboxes").register(registry);
    }

    static Uni<Snapshot> read(Pool pool) {
        return pool.query(SNAPSHOT).execute().map(rows -> {
            Row r = rows.iterator().next();
            return new Snapshot(r.getLong(0), r.getLong(1), r.getLong(2));
        });
    }

    /** The results of one Deliver call. */
    public void delivered(List<DeliveryResult> results) {
        for (DeliveryResult r : results) {
            registry.counter("mail.store.deliveries", "result", r.getStatus().name().toLowerCase(Locale.ROOT)).increment();
        }
    }
}
