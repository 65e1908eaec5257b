package com.mailplatform.delivery.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** delivery-service's metrics settings. */
@ConfigMapping(prefix = "delivery.metrics")
public interface MetricsConfig {

    /**
     * How old the queue snapshot behind {@code mail_queue_messages} may be before a scrape starts a new read of
     * queue.deferred (one grouped query; no scrape, no query).
     */
    @WithDefault("5s")
    Duration queueSnapshotMaxAge();
}
