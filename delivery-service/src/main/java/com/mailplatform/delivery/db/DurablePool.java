package com.mailplatform.delivery.db;

import com.mailplatform.common.db.DurabilityConfig;
import com.mailplatform.common.db.DurableSessions;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * The reactive pool (and so Hibernate Reactive, which uses it) with every session at the service's own
 * synchronous_commit level, never the server's default.
 */
@Singleton
public class DurablePool implements PgPoolCreator {

    private final DurabilityConfig config;

    public DurablePool(DurabilityConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        return DurableSessions.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions(), config.synchronousCommit());
    }
}
