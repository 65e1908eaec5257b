package com.mailplatform.smtp.policy;

import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mailbox-store's answers to ResolveRecipient, kept for {@code smtpd.recipient-cache-ttl} so that the RCPT of a
 * busy recipient does not cost a gRPC call and a query every time (Postfix's proxymap and trivial-rewrite caches do
 * the same for its lookup tables). Only "this local address exists" is kept: "user unknown" (550) and, for a client
 * that may not relay, "not our domain" (554) are permanent refusals, and a freshly created account or domain must
 * not be refused by a stale answer. The price of the cache is that a deleted or disabled account keeps being
 * accepted for at most the TTL; delivery looks it up again. Bounded: when full, it is cleared, which costs only
 * look-ups.
 */
final class RecipientCache {

    private record Entry(ResolveRecipientReply.Status status, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;

    RecipientCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * The cached status of an address by its {@code MailAddress.key()} (the case-insensitive form mailbox-store
     * looks up), or null when it must be asked.
     */
    ResolveRecipientReply.Status get(String key) {
        if (ttlMillis <= 0) {
            return null;
        }
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (clock.millis() >= e.expiresAtMillis()) {
            entries.remove(key, e);
            return null;
        }
        return e.status();
    }

    /** Remembers LOCAL_EXISTS; any other answer is not kept (see the class comment). */
    void put(String key, ResolveRecipientReply.Status status) {
        if (ttlMillis <= 0 || maxEntries <= 0 || status != ResolveRecipientReply.Status.LOCAL_EXISTS) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(status, clock.millis() + ttlMillis));
    }

}
