package com.mailplatform.delivery.queue;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.log.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps deferred recipients durably in delivery-service's own schema, so the broker message can be acknowledged
 * while a recipient still waits for a retry.
 */
@ApplicationScoped
public class DeferredQueue {

    private final Pool pool;
    private final DeliveryConfig config;

    public DeferredQueue(Pool pool, DeliveryConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public Uni<Void> defer(InboundMail mail, List<Outcome> deferred) {
        if (deferred.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime received = OffsetDateTime.ofInstant(Instant.ofEpochMilli(mail.receivedAtMillis()), ZoneOffset.UTC);
        OffsetDateTime next = OffsetDateTime.now(ZoneOffset.UTC).plus(config.minimalBackoffTime());
        List<Tuple> rows = new ArrayList<>();
        for (Outcome o : deferred) {
            rows.add(Tuple.tuple().addString(mail.queueId()).addString(mail.mailFrom()).addString(o.recipient())
                    .addString(mail.blobId()).addLong(mail.size()).addOffsetDateTime(received).addOffsetDateTime(next)
                    .addString(o.dsn()).addString(o.reply()));
        }
        // A redelivered broker message finds its rows already there: the key keeps one row per recipient.
        return pool.preparedQuery("INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at,"
                        + " next_attempt_at, last_dsn, last_reply) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                        + " ON CONFLICT (queue_id, recipient) DO NOTHING")
                .executeBatch(rows)
                .replaceWithVoid();
    }
}
