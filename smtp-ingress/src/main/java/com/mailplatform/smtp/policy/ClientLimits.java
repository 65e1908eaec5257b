package com.mailplatform.smtp.policy;

import com.mailplatform.common.protocol.ConnectionGate;
import com.mailplatform.smtp.SmtpConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client limits in the manner of Postfix's anvil: concurrent connections (through the shared
 * {@link ConnectionGate}), connections, messages and unknown recipients per minute per client address. Counted
 * per replica (each replica enforces the limits on the connections it holds). Clients in mynetworks are exempt,
 * like Postfix's smtpd_client_event_limit_exceptions. Authentication failures are the shared
 * {@link com.mailplatform.common.protocol.AuthPenalty}'s business.
 */
@ApplicationScoped
public class ClientLimits {

    static final long MINUTE = 60_000;

    /** A connection let in (release its ticket at close), or the 421 reply to refuse it with. */
    public record Admission(ConnectionGate.Ticket ticket, String refusal) {
    }

    private final SmtpConfig config;
    private final RecipientPolicy policy;
    private final ConnectionGate gate;
    private final ConcurrentHashMap<String, SlidingCounter> connectionRate = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SlidingCounter> messageRate = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SlidingCounter> unknownRecipients = new ConcurrentHashMap<>();

    public ClientLimits(SmtpConfig config, RecipientPolicy policy) {
        this.config = config;
        this.policy = policy;
        // No global eviction for SMTP: an MTA session never "authenticates", and cutting one mid-transfer costs a retry.
        this.gate = new ConnectionGate(0, config.clientConnectionCountLimit());
    }

    public Admission onConnect(String client) {
        String refusal = "421 4.7.0 " + config.myhostname() + " Error: too many connections from " + client;
        boolean trusted = policy.trusted(client);
        ConnectionGate.Ticket ticket = gate.admit(client, trusted, () -> { });
        if (ticket == null) {
            return new Admission(null, refusal);
        }
        int rateLimit = config.clientConnectionRateLimit();
        if (!trusted && rateLimit > 0
                && connectionRate.computeIfAbsent(client, k -> new SlidingCounter()).add(now(), MINUTE) > rateLimit) {
            return new Admission(ticket, refusal);
        }
        return new Admission(ticket, null);
    }

    public void onDisconnect(String client, ConnectionGate.Ticket ticket) {
        if (ticket != null) {
            ticket.release();
        }
        long now = now();
        connectionRate.computeIfPresent(client, (k, v) -> v.isEmpty(now, MINUTE) ? null : v);
        messageRate.computeIfPresent(client, (k, v) -> v.isEmpty(now, MINUTE) ? null : v);
        unknownRecipients.computeIfPresent(client, (k, v) -> v.isEmpty(now, MINUTE) ? null : v);
    }

    /** False when this MAIL would go over smtpd_client_message_rate_limit. */
    public boolean allowMessage(String client) {
        int limit = config.clientMessageRateLimit();
        if (limit <= 0 || policy.trusted(client)) {
            return true;
        }
        return messageRate.computeIfAbsent(client, k -> new SlidingCounter()).add(now(), MINUTE) <= limit;
    }

    /**
     * Counts an unknown local recipient for this address across all its sessions (directory harvesting); true
     * when it has now gone over smtpd.client-unknown-recipient-limit per minute.
     */
    public boolean unknownRecipient(String client) {
        int limit = config.clientUnknownRecipientLimit();
        if (limit <= 0 || policy.trusted(client)) {
            return false;
        }
        return unknownRecipients.computeIfAbsent(client, k -> new SlidingCounter()).add(now(), MINUTE) > limit;
    }

    /** Whether this address is over the unknown-recipient limit already (asked before the look-up). */
    public boolean harvesting(String client) {
        int limit = config.clientUnknownRecipientLimit();
        SlidingCounter c = unknownRecipients.get(client);
        return limit > 0 && c != null && c.count(now(), MINUTE) >= limit && !policy.trusted(client);
    }

    /** In mynetworks. */
    public boolean trusted(String client) {
        return policy.trusted(client);
    }

    public int open(String client) {
        return gate.open(client);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
