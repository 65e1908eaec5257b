package com.mailplatform.common.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds a service's PostgreSQL pool whose every connection commits with {@code synchronous_commit} chosen by the
 * service, whatever the server, database or role default is. The level travels in the startup message, where any
 * run-time parameter may be given (PostgreSQL protocol, "Message Formats", StartupMessage): it is in force from
 * the first statement, a connection cannot exist without it, and it outranks {@code postgresql.conf},
 * {@code ALTER SYSTEM}, {@code ALTER DATABASE} and {@code ALTER ROLE} settings ({@code pg_settings.source} =
 * {@code client}).
 */
public final class DurableSessions {

    public static final String PARAMETER = "synchronous_commit";

    /** The levels at which a commit is acknowledged only after its WAL is flushed (and a sync standby has it). */
    private static final Set<String> DURABLE = Set.of("on", "remote_apply");

    private DurableSessions() {
    }

    /** The configured level, refused when it would let a commit be acknowledged before it is durable. */
    public static String level(String configured) {
        String level = configured.trim().toLowerCase(Locale.ROOT);
        if (!DURABLE.contains(level)) {
            throw new IllegalArgumentException("mail.db.synchronous-commit=" + configured
                    + " would acknowledge commits a crash can lose; use on or remote_apply");
        }
        return level;
    }

    public static boolean durable(String sessionLevel) {
        return sessionLevel != null && DURABLE.contains(sessionLevel.trim().toLowerCase(Locale.ROOT));
    }

    /** The given connect options, each made to start its sessions at {@code level}; then the pool over them. */
    public static PgPool pool(Vertx vertx, List<PgConnectOptions> databases, PoolOptions poolOptions, String level) {
        String checked = level(level);
        for (PgConnectOptions options : databases) {
            options.addProperty(PARAMETER, checked);
        }
        return PgPool.pool(vertx, databases, poolOptions);
    }
}
