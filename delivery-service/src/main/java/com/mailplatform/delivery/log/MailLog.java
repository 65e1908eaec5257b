package com.mailplatform.delivery.log;

import com.mailplatform.delivery.queue.Job;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.mailplatform.common.log.MailLogWriter;
import com.mailplatform.common.log.PostfixLog;

/**
 * The platform's maillog: every outcome is one log line in Postfix's shape and one row in queue.delivery_log,
 * which admin-api searches by queue id, sender, recipient and time.
 */
public final class MailLog {

    private MailLog() {
    }

    /**
     * {@code <queue id>: to=<addr>, orig_to=<alias>, relay=mx.example[192.0.2.1]:25, delay=0.12,
     * delays=0.01/0.05/0.06, dsn=2.0.0, status=sent (250 2.0.0 Ok)}; orig_to only when it differs.
     */
    public static String line(String queueId, Outcome o, long delayMillis) {
        return PostfixLog.delivery(queueId, o.recipient(), o.origRecipient(), o.relay(), delayMillis / 1000.0,
                delays(o, delayMillis), o.dsn(), o.status().word(), o.reply());
    }

    /** Postfix's delays=a/b/c: time before this attempt's connection, connection setup, transmission. */
    static String delays(Outcome o, long delayMillis) {
        long queue = Math.max(0, delayMillis - o.connectMillis() - o.transmitMillis());
        return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", queue / 1000.0, o.connectMillis() / 1000.0, o.transmitMillis() / 1000.0);
    }

    /** Writes the rows through {@code sql} (a pool or the settling transaction); the log lines come from {@link #print}. */
    public static Uni<Void> insert(SqlClient sql, Job job, List<Outcome> outcomes, long now) {
        long delay = Math.max(0, now - job.receivedAtMillis());
        List<Tuple> rows = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            rows.add(Tuple.of(job.queueId(), job.sender(), o.recipient(), o.relay(), delay, o.dsn())
                    .addString(o.status().word()).addString(o.reply()).addString(o.origRecipient()).addString(delays(o, delay)));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("INSERT INTO queue.delivery_log (queue_id, sender, recipient, relay, delay_ms, dsn, status, reply,"
                        + " orig_recipient, delays) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    public static void print(Job job, List<Outcome> outcomes, long now) {
        long delay = Math.max(0, now - job.receivedAtMillis());
        for (Outcome o : outcomes) {
            // logged as the program Postfix would: local(8) or smtp(8) for attempts, qmgr for a hold
            MailLogWriter.of(o.status() == Outcome.Status.HELD ? PostfixLog.QMGR : PostfixLog.agentFor(o.relay()))
                    .log(MailLogWriter.Fields.queue(job.queueId()), line(job.queueId(), o, delay));
        }
    }

    /**
     * An operator's action on a queued message as Postfix's postsuper logs it ({@code postsuper[pid]: 3F1A2B: placed on
     * hold}, {@code released from hold}, {@code removed}, {@code requeued}); {@code queueId} null for its summary line
     * ({@code postsuper[pid]: Deleted: 3 messages}). Added by the queue tools (issue 16).
     */
    public static void operator(String program, String queueId, String event) {
        // MailLogWriter's line format adds "program[pid]: " (maillog.<program> category), as for every other line.
        MailLogWriter.of(program).log(queueId == null ? MailLogWriter.Fields.NONE : MailLogWriter.Fields.queue(queueId),
                (queueId == null ? "" : queueId + ": ") + event);
    }

    /** A message qmgr drops without an attempt, as Postfix's {@code qmgr[pid]: 3F1A2B: removed}, with the reason. */
    public static void removed(String queueId, String reason) {
        MailLogWriter.of("qmgr").log(MailLogWriter.Fields.queue(queueId), queueId + ": removed (" + reason + ")");
    }
}
