package com.mailplatform.delivery.admin;

import com.mailplatform.common.grpc.queue.BulkReply;
import com.mailplatform.delivery.local.MailboxStoreCalls;
import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.queue.QueueRunner;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * postsuper -r: the selected recipients go through alias expansion again (from the address the sender gave, orig_to)
 * and are due at once, so the next attempt also routes them afresh (transport, relayhost, MX are looked up on every
 * attempt). Used after an alias or a transport entry changed.
 *
 * <p>Never lose, never duplicate. Expansion (mailbox-store calls) happens before anything is written. Then one
 * transaction per message locks its selected rows, refuses if any is being delivered right now (claimed) or is gone,
 * deletes them and inserts the expansion's recipients, skipping those the mail log already shows sent or bounced for
 * this queue id and those already queued (the (queue_id, recipient) key). Crash windows: none inside a message (the
 * transaction is all or nothing; a crash before the commit leaves the old rows, after it the new ones); a bulk requeue
 * that dies half-way has requeued some messages, and running it again is harmless. What stays open is the one every
 * claim has: a replica that outlived its claim lease (20 min by default) still delivering a row requeued meanwhile.
 * Local recipients can never get a message twice (mailbox-store's Deliver is idempotent on queue id and recipient).
 */
@ApplicationScoped
public class Requeue {

    private static final Logger LOG = Logger.getLogger(Requeue.class);
    /** Messages requeued per call; a larger selection is done in part and says so in the reply counts. */
    static final int MAX_MESSAGES = 5000;
    /** Expansions asked of mailbox-store at once. */
    private static final int PARALLEL = 8;
    private static final String COLUMNS = "id, queue_id, sender, recipient, blob_id, size, received_at, orig_recipient, notify,"
            + " orcpt, ret, envid, attempts, warned, held, mailbox, smtputf8";
    private static final String INSERT = "INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at,"
            + " next_attempt_at, last_dsn, last_reply, orig_recipient, notify, orcpt, ret, envid, attempts, warned, last_relay,"
            + " held, mailbox, smtputf8) SELECT $1::text, $2::text, $3::text, $4::text, $5::bigint, $6::timestamptz, now(), '',"
            + " 'requeued by an operator', $7::text, $8::text, $9::text, $10::text, $11::text, $12::int, $13::boolean, '',"
            + " $14::boolean, $15::text, $16::boolean"
            + " WHERE NOT EXISTS (SELECT 1 FROM queue.delivery_log WHERE queue_id = $1 AND lower(recipient) = lower($3)"
            + " AND status IN ('sent', 'bounced')) ON CONFLICT (queue_id, recipient) DO NOTHING";

    private final Pool pool;
    private final MailboxStoreCalls store;
    private final QueueRunner runner;

    public Requeue(Pool pool, MailboxStoreCalls store, QueueRunner runner) {
        this.pool = pool;
        this.store = store;
        this.runner = runner;
    }

    public Uni<BulkReply> run(QueueSelection s) {
        List<Object> params = new ArrayList<>(s.params());
        params.add(MAX_MESSAGES);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM queue.deferred WHERE queue_id IN (SELECT DISTINCT queue_id FROM"
                        + " queue.deferred WHERE " + s.where() + " ORDER BY queue_id LIMIT $" + params.size() + ") AND " + s.where()
                        + " ORDER BY queue_id, id")
                .execute(Tuple.from(params))
                .flatMap(rows -> {
                    Map<String, List<Row>> byId = new LinkedHashMap<>();
                    Set<String> sources = new LinkedHashSet<>();
                    for (Row r : rows) {
                        byId.computeIfAbsent(r.getString("queue_id"), k -> new ArrayList<>()).add(r);
                        sources.add(source(r));
                    }
                    return expandAll(sources).flatMap(expansions -> Multi.createFrom().iterable(byId.entrySet())
                            .onItem().transformToUniAndConcatenate(e -> message(e.getKey(), e.getValue(), expansions))
                            .collect().asList()
                            .map(done -> {
                                Map<String, Integer> requeued = new LinkedHashMap<>();
                                done.stream().filter(d -> d.rows > 0).forEach(d -> requeued.put(d.queueId, d.rows));
                                return QueueActions.reply(requeued, QueueActions.POSTSUPER, "Requeued").toBuilder()
                                        .setSkippedActive((int) done.stream().filter(Done::active).count()).build();
                            }));
                })
                .invoke(runner::wake);
    }

    /** The address alias expansion starts from: what the sender gave (orig_to), else the recipient itself. */
    private static String source(Row r) {
        String orig = r.getString("orig_recipient");
        return orig == null || orig.isEmpty() ? r.getString("recipient") : orig;
    }

    private Uni<Map<String, List<String>>> expandAll(Set<String> sources) {
        return Multi.createFrom().iterable(sources)
                .onItem().transformToUni(a -> store.expand(a).map(targets -> Map.entry(a, targets))).merge(PARALLEL)
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** A message's outcome: rows requeued, or none because it was being delivered (active) or had changed. */
    private record Done(String queueId, int rows, boolean active) {
    }

    private Uni<Done> message(String queueId, List<Row> rows, Map<String, List<String>> expansions) {
        Long[] ids = rows.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT coalesce(claimed_until >= now(), false) FROM queue.deferred"
                                + " WHERE id = ANY($1) FOR UPDATE")
                        .execute(Tuple.of((Object) ids))
                        .flatMap(locked -> {
                            boolean active = locked.stream().anyMatch(r -> r.getBoolean(0));
                            if (active || locked.size() != ids.length) {
                                // Being delivered now (active), or changed meanwhile: left as it is (the transaction ends unchanged).
                                return Uni.createFrom().item(new Done(queueId, 0, active));
                            }
                            return tx.preparedQuery("DELETE FROM queue.deferred WHERE id = ANY($1)").execute(Tuple.of((Object) ids))
                                    .flatMap(x -> insert(tx, rows, expansions))
                                    .map(x -> new Done(queueId, rows.size(), false));
                        }))
                .invoke(d -> {
                    if (d.rows > 0) {
                        MailLog.operator(QueueActions.POSTSUPER, queueId, "requeued");
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("%s: not requeued: %s", queueId, e.toString());
                    return new Done(queueId, 0, false);
                });
    }

    private static Uni<Void> insert(SqlClient tx, List<Row> rows, Map<String, List<String>> expansions) {
        Map<String, Tuple> byRecipient = new HashMap<>();
        for (Row r : rows) {
            String source = source(r);
            for (String target : expansions.getOrDefault(source, List.of(source))) {
                // orig_to stays what the sender gave; empty when it is the recipient itself (DeferredQueue's rule).
                String orig = target.equalsIgnoreCase(source) ? "" : source;
                byRecipient.putIfAbsent(target.toLowerCase(Locale.ROOT), Tuple.tuple().addString(r.getString("queue_id"))
                        .addString(r.getString("sender")).addString(target).addString(r.getString("blob_id"))
                        .addLong(r.getLong("size")).addOffsetDateTime(r.getOffsetDateTime("received_at")).addString(orig)
                        .addString(r.getString("notify")).addString(r.getString("orcpt")).addString(r.getString("ret"))
                        .addString(r.getString("envid")).addInteger(r.getInteger("attempts")).addBoolean(r.getBoolean("warned"))
                        .addBoolean(r.getBoolean("held")).addString(r.getString("mailbox")).addBoolean(r.getBoolean("smtputf8")));
            }
        }
        return tx.preparedQuery(INSERT).executeBatch(new ArrayList<>(byRecipient.values())).replaceWithVoid();
    }
}
