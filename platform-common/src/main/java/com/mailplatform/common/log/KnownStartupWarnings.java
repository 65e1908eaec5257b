package com.mailplatform.common.log;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the two warnings every service printed at a clean start although nothing is wrong, so that a WARN in the
 * log means something to act on (issue 16); any other record passes. Installed on the console by
 * {@code quarkus.log.console.filter} in platform-common's microprofile-config.properties.
 * <ul>
 *   <li>Micrometer's "This Gauge has been already registered (... postgresql.queue.size ... clientType=sql)": Quarkus
 *   3.33 registers the Vert.x SQL client's gauges once per PostgreSQL connection, so a pool's second connection
 *   logged it. Those meters are dropped (SqlClientMeters); other double registrations are still reported.</li>
 *   <li>quarkus-grpc's "Using legacy gRPC support with a separate HTTP server instance": the separate gRPC port is
 *   the platform's choice (k8s Services and the local stack name it), not a legacy leftover.</li>
 * </ul>
 */
@LoggingFilter(name = "known-startup-warnings")
public final class KnownStartupWarnings implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String m = record.getMessage();
        if (m == null) {
            return true;
        }
        return !(m.startsWith("This Gauge has been already registered") && m.contains("clientType=sql"))
                && !m.startsWith("Using legacy gRPC support with a separate HTTP server instance");
    }
}
