package com.mailplatform.store.delivery;

import com.mailplatform.store.StoreConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Who has a queued message: delivery-service (claimed) or nobody, because smtp-ingress answered 451 (abandoned).
 * The ingress sends the envelope to the broker and says 250 when the broker settles it; when that outcome never
 * comes (the broker died with the message in its journal, the settlement was lost), the message may still turn up
 * at delivery-service, and a 451 would make the client send it again: delivered twice. So before a 451 the ingress
 * abandons the queue id here, and delivery-service claims it here before it acts; the primary key lets the first
 * one win, and the loser follows: delivery-service drops an abandoned message, the ingress answers 250 for a
 * claimed one. One statement per ask; ON CONFLICT DO UPDATE (not DO NOTHING) so that a concurrent first ask is
 * waited for and its answer returned, which a later SELECT in the same snapshot would not see.
 *
 * <p>Durability: a row lost in a crash can only cost a duplicate (both sides then go on as if they were first),
 * never a message: nothing is dropped unless the ingress, which said no 250, abandoned it.
 */
@ApplicationScoped
public class Handoffs {

    private static final Logger LOG = Logger.getLogger(Handoffs.class);
    /** Queue ids as smtp-ingress makes them, with room; anything else is refused before SQL. */
    private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String SETTLE = "INSERT INTO mailbox.handoffs (queue_id, claimed) VALUES ($1, $2)"
            + " ON CONFLICT (queue_id) DO UPDATE SET queue_id = EXCLUDED.queue_id RETURNING claimed";
    private static final String FORGET = "DELETE FROM mailbox.handoffs WHERE settled_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final StoreConfig config;

    public Handoffs(Pool pool, StoreConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public static boolean validQueueId(String queueId) {
        return queueId != null && QUEUE_ID.matcher(queueId).matches();
    }

    /** Settles the queue id's hand-off as asked unless it is settled already; answers true when it is claimed. */
    public Uni<Boolean> settle(String queueId, boolean claim) {
        return pool.preparedQuery(SETTLE).execute(Tuple.of(queueId, claim)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Rows older than the blobs' grace: by then the message's content is gone too, it cannot turn up any more. */
    public Uni<Integer> forget(Duration olderThan) {
        return pool.preparedQuery(FORGET).execute(Tuple.of((double) olderThan.toSeconds())).map(rows -> rows.rowCount());
    }

    void schedule(@Observes StartupEvent started, Vertx vertx) {
        long every = config.blobGcInterval().toMillis();
        if (every <= 0) {
            return;
        }
        vertx.setPeriodic(every, id -> forget(config.blobGcGrace())
                .subscribe().with(n -> { }, e -> LOG.warnf("forgetting old hand-offs failed: %s", e.toString())));
    }
}
