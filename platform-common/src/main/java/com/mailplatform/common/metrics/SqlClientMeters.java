package com.mailplatform.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Drops the Vert.x SQL client meters ({@code postgresql.queue.size}, {@code postgresql.current}, ... tagged
 * {@code clientType=sql}). Vert.x 4.5's PgConnectionFactory asks for client metrics once per socket connection and
 * Quarkus 3.33 registers the same gauges for each, so every service with a pool of two or more connections logged
 * "This Gauge has been already registered (postgresql.queue.size)" at start, and the series showed only the first
 * connection's numbers: misleading (the warning itself is dropped by common.log.KnownStartupWarnings). Database
 * health is watched through readiness and the services' own meters instead.
 */
public class SqlClientMeters {

    @Produces
    @Singleton
    MeterFilter dropPerConnectionSqlClientMeters() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return "sql".equals(id.getTag("clientType")) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }
}
