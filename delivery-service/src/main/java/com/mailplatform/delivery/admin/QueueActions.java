package com.mailplatform.delivery.admin;

import com.mailplatform.common.grpc.queue.BulkReply;
import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.queue.QueueRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * postsuper -h / -H / -d and postqueue -i over a {@link QueueSelection}: one statement each (so one snapshot, atomic),
 * every message acted on written to the mail log as postsuper writes it, then a summary line. Release and retry wake
 * this replica's queue runner, so the attempt starts at once rather than at the next queue run. Requeue
 * (postsuper -r) needs alias expansion first and lives in {@link Requeue}.
 */
@ApplicationScoped
public class QueueActions {

    static final String POSTSUPER = com.mailplatform.common.log.PostfixLog.POSTSUPER;
    static final String POSTQUEUE = "postfix/postqueue";
    /** Queue ids named in a reply; the counts cover all. */
    static final int REPLY_IDS = 100;

    private final Pool pool;
    private final QueueRunner runner;
    private final Requeue requeue;

    public QueueActions(Pool pool, QueueRunner runner, Requeue requeue) {
        this.pool = pool;
        this.runner = runner;
        this.requeue = requeue;
    }

    public Uni<BulkReply> run(QueueSelection s) {
        if (s.dryRun()) {
            return count(s);
        }
        return switch (s.action()) {
            // Held rows already held are left alone, so the mail log names only what changed.
            case "hold" -> update(s, "UPDATE queue.deferred SET held = true WHERE " + s.where() + " AND NOT held",
                    POSTSUPER, "placed on hold", "Placed on hold");
            // Due now (postsuper -H puts mail back for delivery; the README promises an attempt at once).
            case "release" -> update(s, "UPDATE queue.deferred SET held = false, next_attempt_at = least(next_attempt_at, now())"
                    + " WHERE " + s.where() + " AND held", POSTSUPER, "released from hold", "Released from hold")
                    .invoke(runner::wake);
            // postqueue -i/-f: held mail stays held, as in Postfix.
            case "retry" -> update(s, "UPDATE queue.deferred SET next_attempt_at = now() WHERE " + s.where() + " AND NOT held",
                    POSTQUEUE, "scheduled for immediate delivery", "Scheduled for immediate delivery")
                    .invoke(runner::wake);
            case "delete" -> delete(s);
            default -> requeue.run(s);
        };
    }

    private Uni<BulkReply> count(QueueSelection s) {
        return pool.preparedQuery("SELECT count(DISTINCT queue_id), count(*) FROM queue.deferred WHERE " + s.where())
                .execute(Tuple.from(s.params()))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return BulkReply.newBuilder().setDryRun(true).setMessages((int) r.getLong(0).longValue())
                            .setRecipients((int) r.getLong(1).longValue()).build();
                });
    }

    private Uni<BulkReply> update(QueueSelection s, String sql, String program, String event, String summary) {
        return pool.preparedQuery(sql + " RETURNING queue_id").execute(Tuple.from(s.params())).map(rows -> {
            Map<String, Integer> byId = perQueueId(rows);
            byId.keySet().forEach(id -> MailLog.operator(program, id, event));
            return reply(byId, program, summary);
        });
    }

    /**
     * An entry being delivered right now (claimed) is deleted too; its attempt then changes nothing in the queue (its
     * writes are conditional on the claim) but still logs its outcome. "removed" when no recipient of the message is
     * left, else one line per recipient removed.
     */
    private Uni<BulkReply> delete(QueueSelection s) {
        return pool.preparedQuery("WITH d AS (DELETE FROM queue.deferred WHERE " + s.where() + " RETURNING id, queue_id, recipient)"
                        + " SELECT d.queue_id, d.recipient, NOT EXISTS (SELECT 1 FROM queue.deferred x WHERE x.queue_id = d.queue_id"
                        + " AND x.id NOT IN (SELECT id FROM d)) AS gone FROM d ORDER BY d.queue_id")
                .execute(Tuple.from(s.params())).map(rows -> {
                    Map<String, Integer> byId = perQueueId(rows);
                    Set<String> gone = new LinkedHashSet<>();
                    for (Row r : rows) {
                        if (r.getBoolean("gone")) {
                            gone.add(r.getString(0));
                        } else {
                            MailLog.operator(POSTSUPER, r.getString(0), "to=<" + r.getString(1) + ">, removed");
                        }
                    }
                    gone.forEach(id -> MailLog.operator(POSTSUPER, id, "removed"));
                    return reply(byId, POSTSUPER, "Deleted");
                });
    }

    static Map<String, Integer> perQueueId(RowSet<Row> rows) {
        Map<String, Integer> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.merge(r.getString(0), 1, Integer::sum));
        return byId;
    }

    /** The counts, the first queue ids, and postsuper's summary line when anything was acted on. */
    static BulkReply reply(Map<String, Integer> byId, String program, String summary) {
        int recipients = byId.values().stream().mapToInt(Integer::intValue).sum();
        if (!byId.isEmpty()) {
            MailLog.operator(program, null, summary + ": " + byId.size() + (byId.size() == 1 ? " message" : " messages"));
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        return BulkReply.newBuilder().setMessages(byId.size()).setRecipients(recipients)
                .addAllQueueIds(ids.subList(0, Math.min(REPLY_IDS, ids.size()))).build();
    }
}
