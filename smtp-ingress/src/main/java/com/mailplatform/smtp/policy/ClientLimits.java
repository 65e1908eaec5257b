package com.mailplatform.smtp.policy;

import com.mailplatform.smtp.SmtpConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-client limits in the manner of Postfix's anvil: concurrent connections, connections per minute and messages
 * per minute per client address, and failed AUTH attempts per address and per account. Counted per replica
 * (each replica enforces the limits on the connections it holds). Clients in mynetworks are exempt from the
 * connection and message limits, like Postfix's smtpd_client_event_limit_exceptions.
 */
@ApplicationScoped
public class ClientLimits {

    static final long MINUTE = 60_000;

    private final SmtpConfig config;
    private final RecipientPolicy policy;
    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SlidingCounter> connectionRate = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SlidingCounter> messageRate = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SlidingCounter> authFailures = new ConcurrentHashMap<>();

    public ClientLimits(SmtpConfig config, RecipientPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    /** Null when the connection may proceed, else the 421 reply to close it with. */
    public String onConnect(String client) {
        if (policy.trusted(client)) {
            connections.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
            return null;
        }
        int open = connections.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
        int limit = config.clientConnectionCountLimit();
        if (limit > 0 && open > limit) {
            return "421 4.7.0 " + config.myhostname() + " Error: too many connections from " + client;
        }
        int rateLimit = config.clientConnectionRateLimit();
        long now = System.currentTimeMillis();
        if (rateLimit > 0 && connectionRate.computeIfAbsent(client, k -> new SlidingCounter()).add(now, MINUTE) > rateLimit) {
            return "421 4.7.0 " + config.myhostname() + " Error: too many connections from " + client;
        }
        return null;
    }

    public void onDisconnect(String client) {
        connections.computeIfPresent(client, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        long now = System.currentTimeMillis();
        connectionRate.computeIfPresent(client, (k, v) -> v.isEmpty(now, MINUTE) ? null : v);
        messageRate.computeIfPresent(client, (k, v) -> v.isEmpty(now, MINUTE) ? null : v);
    }

    /** False when this MAIL would go over smtpd_client_message_rate_limit. */
    public boolean allowMessage(String client) {
        int limit = config.clientMessageRateLimit();
        if (limit <= 0 || policy.trusted(client)) {
            return true;
        }
        return messageRate.computeIfAbsent(client, k -> new SlidingCounter()).add(System.currentTimeMillis(), MINUTE) <= limit;
    }

    /** Failures so far for this address or account, whichever is higher, within the window. */
    public int authFailures(String client, String account) {
        long now = System.currentTimeMillis();
        long window = config.authFailureWindow().toMillis();
        int byClient = count(authFailures, "ip:" + client, now, window);
        int byAccount = account == null ? 0 : count(authFailures, "acct:" + account.toLowerCase(java.util.Locale.ROOT), now, window);
        return Math.max(byClient, byAccount);
    }

    public void authFailed(String client, String account) {
        long now = System.currentTimeMillis();
        long window = config.authFailureWindow().toMillis();
        authFailures.computeIfAbsent("ip:" + client, k -> new SlidingCounter()).add(now, window);
        if (account != null) {
            authFailures.computeIfAbsent("acct:" + account.toLowerCase(java.util.Locale.ROOT), k -> new SlidingCounter()).add(now, window);
        }
    }

    private static int count(ConcurrentHashMap<String, SlidingCounter> map, String key, long now, long window) {
        SlidingCounter c = map.get(key);
        return c == null ? 0 : c.count(now, window);
    }
}
