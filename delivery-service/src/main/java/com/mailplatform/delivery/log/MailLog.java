package com.mailplatform.delivery.log;

import com.mailplatform.common.queue.InboundMail;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The platform's maillog: every outcome is one log line in Postfix's shape and one row in queue.delivery_log,
 * which admin-api searches by queue id, sender, recipient and time.
 */
@ApplicationScoped
public class MailLog {

    private static final Logger LOG = Logger.getLogger("maillog");

    private final Pool pool;

    public MailLog(Pool pool) {
        this.pool = pool;
    }

    /** {@code <queue id>: to=<addr>, relay=local, delay=0.12, dsn=2.0.0, status=sent (reply)} */
    public static String line(String queueId, Outcome o, long delayMillis) {
        return String.format(Locale.ROOT, "%s: to=<%s>, relay=%s, delay=%.2f, dsn=%s, status=%s (%s)",
                queueId, o.recipient(), o.relay(), delayMillis / 1000.0, o.dsn(), o.status().word(), o.reply());
    }

    public Uni<Void> record(InboundMail mail, List<Outcome> outcomes) {
        long delay = Math.max(0, System.currentTimeMillis() - mail.receivedAtMillis());
        List<Tuple> rows = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            LOG.info(line(mail.queueId(), o, delay));
            rows.add(Tuple.of(mail.queueId(), mail.mailFrom(), o.recipient(), o.relay(), delay, o.dsn())
                    .addString(o.status().word()).addString(o.reply()));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("INSERT INTO queue.delivery_log (queue_id, sender, recipient, relay, delay_ms, dsn, status, reply)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .executeBatch(rows)
                .replaceWithVoid();
    }
}
