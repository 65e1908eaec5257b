package com.mailplatform.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "delivery")
public interface DeliveryConfig {

    /** Longest wait for mailbox-store before the queue message is handed back to the broker for a later try. */
    @WithDefault("30s")
    Duration storeTimeout();

    /** Pause before handing a message back after a temporary failure, so a down store is not hammered. */
    @WithDefault("5s")
    Duration retryPause();

    /** First retry of a deferred recipient (Postfix minimal_backoff_time). */
    @WithDefault("300s")
    Duration minimalBackoffTime();
}
