package com.mailplatform.delivery.client;

import com.mailplatform.common.smtp.EhloExtensions;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Postfix's connection cache (smtp_connection_cache_on_demand): a session that ended well is kept idle for a short
 * while (smtp_connection_cache_time_limit), keyed by host[ip]:port, so the next message to that host skips the
 * connect, greeting, EHLO and TLS handshake. An idle session is closed when its time is up.
 */
public final class ConnectionCache {

    /** A session ready for the next MAIL: the connection and what its EHLO announced. */
    public record Idle(SmtpConnection connection, EhloExtensions extensions) {
    }

    private final Vertx vertx;
    private final long ttlMillis;
    private final Map<String, ArrayDeque<Idle>> idle = new HashMap<>();

    public ConnectionCache(Vertx vertx, long ttlMillis) {
        this.vertx = vertx;
        this.ttlMillis = ttlMillis;
    }

    public boolean enabled() {
        return ttlMillis > 0;
    }

    /** An idle session to that relay that is still open, or null. */
    public synchronized Idle take(String relay) {
        ArrayDeque<Idle> q = idle.get(relay);
        while (q != null && !q.isEmpty()) {
            Idle i = q.poll();
            if (i.connection().usable()) {
                return i;
            }
        }
        return null;
    }

    public void put(Idle session) {
        synchronized (this) {
            idle.computeIfAbsent(session.connection().relay(), k -> new ArrayDeque<>()).add(session);
        }
        vertx.setTimer(ttlMillis, id -> {
            boolean expired;
            synchronized (this) {
                ArrayDeque<Idle> q = idle.get(session.connection().relay());
                expired = q != null && q.remove(session);
            }
            if (expired) {
                session.connection().send("QUIT");
                session.connection().close();
            }
        });
    }
}
