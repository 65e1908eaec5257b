package com.mailplatform.store.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How concurrent Deliver calls share transactions ({@link DeliveryBatcher}). */
@ConfigMapping(prefix = "mailbox.delivery")
public interface DeliveryBatchConfig {

    /**
     * At most this many deliveries (recipients) are committed in one transaction; calls that arrive while a batch
     * commits wait for the next one. 1 gives every call its own transaction, as before batching.
     */
    @WithDefault("64")
    int batchMaxDeliveries();

    /**
     * Batches committing at once per replica. One keeps the folder rows of a replica's batches from being locked
     * in opposite orders by two of its transactions; the next batch fills up while the current one commits.
     */
    @WithDefault("1")
    int batchesInFlight();
}
