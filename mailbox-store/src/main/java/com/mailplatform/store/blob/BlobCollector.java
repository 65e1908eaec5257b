package com.mailplatform.store.blob;

import com.mailplatform.store.StoreConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Removes blobs that no message references, no queue entry needs and no PutBlob has touched for the grace period
 * (issue 13: expunged mail's bytes were kept forever). Safety rests on three things, explained in the README:
 * <ul>
 * <li>mailbox.messages.blob_id is a foreign key to blobs: a blob a committed message references cannot be deleted
 * (the DELETE fails, and this round ends), and an insert in progress holds a lock on the blob row that makes the
 * collector skip it (SKIP LOCKED);</li>
 * <li>every PutBlob refreshes last_put_at under the row's lock (PgBlobStore), and the DELETE's own WHERE re-checks
 * it, so a blob stored again while the collector runs is kept: a message on its way through smtp-ingress, the
 * broker, delivery-service and Deliver (or APPEND) has the grace period to be referenced;</li>
 * <li>blobs delivery-service's queue still needs (deferred and held entries; held ones never expire) come from
 * QueueAdmin.QueuedBlobIds, asked before every round; when it cannot be asked, nothing is removed.</li>
 * </ul>
 */
@ApplicationScoped
public class BlobCollector {

    private static final Logger LOG = Logger.getLogger(BlobCollector.class);
    /** Rows per DELETE: short transactions, few locks at a time. */
    static final int BATCH = 500;
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /**
     * One statement, so the conditions are checked again under the row locks it takes: a row a concurrent PutBlob
     * refreshed is re-read (READ COMMITTED re-evaluates the WHERE on the newest version) and dropped; rows locked by
     * an uncommitted PutBlob or message insert are skipped.
     */
    private static final String DELETE = "DELETE FROM mailbox.blobs b WHERE b.id IN ("
            + "   SELECT c.id FROM mailbox.blobs c WHERE c.last_put_at < now() - make_interval(secs => $1)"
            + "     AND NOT EXISTS (SELECT 1 FROM mailbox.messages m WHERE m.blob_id = c.id)"
            + "     AND c.id NOT IN (SELECT unnest($2::text[]))"
            + "   ORDER BY c.last_put_at LIMIT $3 FOR UPDATE SKIP LOCKED)"
            + " AND b.last_put_at < now() - make_interval(secs => $1)"
            + " AND NOT EXISTS (SELECT 1 FROM mailbox.messages m WHERE m.blob_id = b.id)"
            + " RETURNING b.size";

    /** What one round did; {@code skipped} when the queue could not be asked. */
    public record Round(int removed, long bytes, boolean skipped) {
        Round plus(int n, long b) {
            return new Round(removed + n, bytes + b, skipped);
        }
    }

    private final Pool pool;
    private final QueuedBlobs queue;
    private final StoreConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public BlobCollector(Pool pool, QueuedBlobs queue, StoreConfig config) {
        this.pool = pool;
        this.queue = queue;
        this.config = config;
    }

    void schedule(@Observes StartupEvent started, Vertx vertx) {
        long every = config.blobGcInterval().toMillis();
        if (every <= 0) {
            return;
        }
        vertx.setPeriodic(every, id -> {
            // a slow round is never overlapped by the next one
            if (running.compareAndSet(false, true)) {
                round(config.blobGcGrace(), config.blobGcRoundLimit(), config.blobGcAskQueue())
                        .onTermination().invoke(() -> running.set(false))
                        .subscribe().with(r -> { }, e -> LOG.warnf("blob collector round failed: %s", e.toString()));
            }
        });
    }

    /** One round: at most {@code limit} blobs. */
    public Uni<Round> round(Duration grace, int limit, boolean askQueue) {
        Uni<Set<String>> queued = askQueue ? queue.blobIds() : Uni.createFrom().item(Set.<String>of());
        return queued.onItemOrFailure().transformToUni((ids, failure) -> {
            if (failure != null) {
                LOG.warnf("blob collector: skipping this round, the queue's blobs are unknown (%s)", failure.toString());
                return Uni.createFrom().item(new Round(0, 0, true));
            }
            return batches(ids.toArray(new String[0]), grace.toMillis() / 1000.0, limit, new Round(0, 0, false))
                    .invoke(r -> {
                        if (r.removed() > 0) {
                            LOG.infof("blob collector removed %d unreferenced blobs (%d bytes)", r.removed(), r.bytes());
                        }
                    });
        });
    }

    private Uni<Round> batches(String[] queued, double graceSeconds, int left, Round sofar) {
        if (left <= 0) {
            return Uni.createFrom().item(sofar);
        }
        int n = Math.min(BATCH, left);
        return pool.preparedQuery(DELETE).execute(Tuple.of(graceSeconds, queued, n))
                .flatMap(rows -> {
                    long bytes = 0;
                    for (var r : rows) {
                        bytes += r.getLong(0);
                    }
                    Round next = sofar.plus(rows.rowCount(), bytes);
                    return rows.rowCount() < n ? Uni.createFrom().item(next) : batches(queued, graceSeconds, left - n, next);
                })
                .onFailure(e -> e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()))
                .recoverWithItem(e -> {
                    // A message referencing one of these blobs committed after this statement's snapshot; the foreign
                    // key refused, so nothing of this batch went. The next round sees the reference.
                    LOG.debugf("blob collector: a blob became referenced during the round (%s)", e.getMessage());
                    return sofar;
                });
    }
}
