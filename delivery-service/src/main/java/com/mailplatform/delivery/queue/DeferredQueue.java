package com.mailplatform.delivery.queue;

import com.mailplatform.delivery.bounce.Bouncer;
import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.log.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * queue.deferred, delivery-service's own schema: recipients waiting for a retry. A settlement is applied in one
 * transaction together with its mail-log rows and DSN entries, so an attempt's outcome is durable all at once.
 * Replicas share the due rows by claiming them with {@code FOR UPDATE SKIP LOCKED} for a lease.
 */
@ApplicationScoped
public class DeferredQueue {

    private static final String COLUMNS = "id, queue_id, sender, recipient, orig_recipient, blob_id, size, received_at,"
            + " attempts, notify, orcpt, ret, envid, warned, mailbox, smtputf8";
    /** A new row of a recipient that waits (deferred, or held for an operator). */
    private static final String INSERT = "INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at,"
            + " next_attempt_at, last_dsn, last_reply, orig_recipient, notify, orcpt, ret, envid, attempts, warned, last_relay,"
            + " held, mailbox, smtputf8) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
            + " $18, $19, $20)"
            // A redelivered broker message finds its rows already there: the key keeps one row per recipient.
            + " ON CONFLICT (queue_id, recipient) DO NOTHING";

    private final Pool pool;

    public DeferredQueue(Pool pool) {
        this.pool = pool;
    }

    /**
     * Recipients of a queue id whose outcome is already durable: waiting in the queue, or sent/bounced in the log.
     * A broker message redelivered after a crash skips them, so nothing is delivered twice by the platform.
     */
    public Uni<Set<String>> settledRecipients(String queueId) {
        return pool.preparedQuery("SELECT lower(recipient) FROM queue.deferred WHERE queue_id = $1"
                        + " UNION SELECT lower(recipient) FROM queue.delivery_log WHERE queue_id = $1 AND status IN ('sent', 'bounced')")
                .execute(Tuple.of(queueId))
                .map(rows -> {
                    Set<String> s = new HashSet<>();
                    rows.forEach(r -> s.add(r.getString(0)));
                    return s;
                });
    }

    /**
     * Claims up to {@code limit} due recipients for {@code lease}. SKIP LOCKED lets replicas claim at the same time
     * without waiting for each other or taking the same row; the lease survives the claiming transaction, and a
     * lease that ends (the replica died) makes the row due again.
     */
    public Uni<List<Job>> claim(String owner, int limit, Duration lease) {
        return pool.preparedQuery("UPDATE queue.deferred d SET claimed_by = $1, claimed_until = now() + make_interval(secs => $2)"
                        + " WHERE d.id IN (SELECT id FROM queue.deferred WHERE NOT held AND next_attempt_at <= now()"
                        + " AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY next_attempt_at LIMIT $3"
                        + " FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(owner, (double) lease.toMillis() / 1000.0, limit))
                .map(rows -> {
                    Map<String, List<Row>> byQueueId = new LinkedHashMap<>();
                    rows.forEach(r -> byQueueId.computeIfAbsent(r.getString("queue_id"), k -> new ArrayList<>()).add(r));
                    List<Job> jobs = new ArrayList<>();
                    byQueueId.values().forEach(list -> jobs.add(job(list)));
                    return jobs;
                });
    }

    private static Job job(List<Row> rows) {
        Row first = rows.get(0);
        List<Job.Recipient> rcpts = new ArrayList<>();
        for (Row r : rows) {
            rcpts.add(new Job.Recipient(r.getString("recipient"), r.getString("orig_recipient"), r.getString("notify"),
                    r.getString("orcpt"), r.getLong("id"), r.getInteger("attempts"), r.getBoolean("warned")));
        }
        return new Job(first.getString("queue_id"), first.getString("sender"), first.getString("blob_id"),
                first.getLong("size"), first.getOffsetDateTime("received_at").toInstant().toEpochMilli(),
                first.getString("ret"), first.getString("envid"), List.copyOf(rcpts), true, first.getString("mailbox"),
                first.getBoolean("smtputf8"));
    }

    /** Gives claimed rows back (the attempt could not run, e.g. mailbox-store is down): due again after {@code pause}. */
    public Uni<Void> release(Job job, String owner, Duration pause) {
        List<Long> ids = job.recipients().stream().map(Job.Recipient::rowId).toList();
        return pool.preparedQuery("UPDATE queue.deferred SET claimed_by = NULL, claimed_until = NULL,"
                        + " next_attempt_at = now() + make_interval(secs => $3) WHERE id = ANY($1) AND claimed_by = $2")
                .execute(Tuple.of(ids.toArray(Long[]::new), owner, (double) pause.toMillis() / 1000.0))
                .replaceWithVoid();
    }

    /** Applies one attempt's settlement, its log rows and its DSN entries in one transaction. */
    public Uni<Void> apply(Job job, Settlement s, List<Bouncer.Report> reports, String owner, long now) {
        if (s.deferrals().isEmpty() && s.finishedRows().isEmpty() && reports.isEmpty()) {
            // Only log rows (every recipient of a first attempt delivered or bounced without a DSN): one batch of
            // one statement is one implicit transaction (extended protocol, Executes up to Sync), so BEGIN and
            // COMMIT are two round trips saved, not atomicity given up.
            return MailLog.insert(pool, job, s.log(), now);
        }
        return pool.withTransaction(tx -> defer(tx, job, s.deferrals(), owner)
                .flatMap(x -> finish(tx, s.finishedRows(), owner))
                .flatMap(x -> enqueueReports(tx, reports, now))
                .flatMap(x -> MailLog.insert(tx, job, s.log(), now)));
    }

    /**
     * Puts every recipient of a quarantined message on hold ({@link Hold}), due at once when released, and writes the
     * held lines of the mail log, in one transaction; the caller acknowledges the broker message only after it.
     */
    public Uni<Void> hold(Job job, List<Outcome> held, long now) {
        if (held.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (Outcome o : held) {
            Job.Recipient r = job.recipient(o.recipient());
            rows.add(newRow(job, r, o, time(now), 0, false, true));
        }
        return pool.withTransaction(tx -> tx.preparedQuery(INSERT).executeBatch(rows)
                .flatMap(x -> MailLog.insert(tx, job, held, now)));
    }

    private static Tuple newRow(Job job, Job.Recipient r, Outcome o, OffsetDateTime next, int attempts, boolean warned,
                                boolean held) {
        return Tuple.tuple().addString(job.queueId()).addString(job.sender()).addString(o.recipient())
                .addString(job.blobId()).addLong(job.size()).addOffsetDateTime(time(job.receivedAtMillis())).addOffsetDateTime(next)
                .addString(o.dsn()).addString(o.reply()).addString(r.origAddress())
                .addString(r.notifyOn()).addString(r.orcpt()).addString(job.ret())
                .addString(job.envid()).addInteger(attempts).addBoolean(warned).addString(o.relay())
                .addBoolean(held).addString(job.mailbox()).addBoolean(job.smtputf8());
    }

    private static Uni<Void> defer(SqlClient tx, Job job, List<Settlement.Deferral> deferrals, String owner) {
        List<Tuple> inserts = new ArrayList<>();
        List<Tuple> updates = new ArrayList<>();
        for (Settlement.Deferral d : deferrals) {
            Outcome o = d.outcome();
            OffsetDateTime next = OffsetDateTime.ofInstant(d.next(), ZoneOffset.UTC);
            if (d.recipient().rowId() == 0) {
                inserts.add(newRow(job, d.recipient(), o, next, d.attempts(), d.warned(), false));
            } else {
                updates.add(Tuple.tuple().addLong(d.recipient().rowId()).addString(owner).addInteger(d.attempts())
                        .addOffsetDateTime(next).addString(o.dsn()).addString(o.reply()).addBoolean(d.warned()).addString(o.relay()));
            }
        }
        Uni<Void> ins = inserts.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery(INSERT).executeBatch(inserts).replaceWithVoid();
        return ins.flatMap(x -> updates.isEmpty() ? Uni.createFrom().voidItem()
                // claimed_by = owner: a replica whose lease ran out must not overwrite what the new owner decided.
                : tx.preparedQuery("UPDATE queue.deferred SET attempts = $3, next_attempt_at = $4, last_dsn = $5,"
                        + " last_reply = $6, warned = $7, last_relay = $8, claimed_by = NULL, claimed_until = NULL"
                        + " WHERE id = $1 AND claimed_by = $2").executeBatch(updates).replaceWithVoid());
    }

    private static Uni<Void> finish(SqlClient tx, List<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("DELETE FROM queue.deferred WHERE id = ANY($1) AND claimed_by = $2")
                .execute(Tuple.of(ids.toArray(Long[]::new), owner)).replaceWithVoid();
    }

    /** A DSN is queued like any message from the null sender, due at once. */
    private static Uni<Void> enqueueReports(SqlClient tx, List<Bouncer.Report> reports, long now) {
        if (reports.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (Bouncer.Report r : reports) {
            rows.add(Tuple.tuple().addString(r.queueId()).addString("").addString(r.recipient()).addString(r.blobId())
                    .addLong(r.size()).addOffsetDateTime(time(now)).addOffsetDateTime(time(now)));
        }
        return tx.preparedQuery("INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at,"
                        + " next_attempt_at, attempts, last_dsn, last_reply) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, '',"
                        + " 'delivery status notification, not tried yet') ON CONFLICT (queue_id, recipient) DO NOTHING")
                .executeBatch(rows).replaceWithVoid();
    }

    static OffsetDateTime time(long millis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
