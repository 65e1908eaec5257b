package com.mailplatform.delivery.sieve;

import com.mailplatform.delivery.queue.QueueRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The messages a Sieve script sends (redirect, vacation reply) as new entries of queue.deferred, due at once, so the
 * queue delivers them like any mail (local or remote, with retries and DSNs). Entries are keyed by a queue id
 * derived from the original message, account and target: a repeated attempt queues nothing twice.
 */
@ApplicationScoped
public class SieveQueue {

    /** A message to send: envelope, and its content already in the blob store. */
    public record Outgoing(String queueId, String sender, String recipient, String blobId, long size) {
    }

    private static final String INSERT = "INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at,"
            + " next_attempt_at, attempts, last_dsn, last_reply) VALUES ($1, $2, $3, $4, $5, $6, $6, 0, '', $7)"
            + " ON CONFLICT (queue_id, recipient) DO NOTHING";

    private final Pool pool;
    private final Instance<QueueRunner> runner;

    public SieveQueue(Pool pool, Instance<QueueRunner> runner) {
        this.pool = pool;
        this.runner = runner;
    }

    public Uni<Void> enqueue(Outgoing o, String why) {
        return insert(pool, o, why).invoke(this::wake);
    }

    /** Whether this account answered this sender with this handle within its :days (RFC 5230 section 4.2). */
    public Uni<Boolean> recentlyAnswered(String account, String sender, String handle) {
        return pool.preparedQuery("SELECT 1 FROM queue.sieve_vacation WHERE account = $1 AND sender = $2 AND handle = $3"
                        + " AND expires_at > now()")
                .execute(Tuple.of(account, sender, handle)).map(rows -> rows.size() > 0);
    }

    /**
     * Records the answer and queues the reply in one transaction; false (nothing queued) when another attempt or
     * replica answered first.
     */
    public Uni<Boolean> answer(String account, String sender, String handle, Duration days, Outgoing reply) {
        OffsetDateTime until = OffsetDateTime.ofInstant(Instant.now().plus(days), ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO queue.sieve_vacation (account, sender, handle, expires_at)"
                                + " VALUES ($1, $2, $3, $4) ON CONFLICT (account, sender, handle) DO UPDATE SET expires_at = excluded.expires_at"
                                + " WHERE sieve_vacation.expires_at <= now() RETURNING 1")
                        .execute(Tuple.of(account, sender, handle, until))
                        .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(false)
                                : insert(tx, reply, "sieve vacation reply, not tried yet").replaceWith(true)))
                .invoke(queued -> {
                    if (queued) {
                        wake();
                    }
                });
    }

    private static Uni<Void> insert(SqlClient c, Outgoing o, String why) {
        return c.preparedQuery(INSERT).execute(Tuple.tuple().addString(o.queueId()).addString(o.sender())
                .addString(o.recipient()).addString(o.blobId()).addLong(o.size())
                .addOffsetDateTime(OffsetDateTime.now(ZoneOffset.UTC)).addString(why)).replaceWithVoid();
    }

    private void wake() {
        if (runner.isResolvable()) {
            runner.get().wake();
        }
    }
}
