package com.mailplatform.common.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What one of a service's own sessions would get from the database on commit: its {@code synchronous_commit} and
 * the server's {@code fsync}. Read at startup so a database that acknowledges commits it can lose is refused
 * before the service answers for any mail.
 */
public record CommitDurability(String synchronousCommit, String fsync) {

    /** Both settings as one pooled connection (a session exactly like those that commit mail) sees them. */
    public static Uni<CommitDurability> of(Pool pool) {
        return pool.withConnection(conn -> conn.query("SELECT current_setting('synchronous_commit'), current_setting('fsync')")
                        .execute())
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new CommitDurability(row.getString(0), row.getString(1));
                });
    }

    /** Why a commit acknowledged to this session could still be lost; empty when none. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!DurableSessions.durable(synchronousCommit)) {
            problems.add("synchronous_commit is " + synchronousCommit + " for this service's sessions: commits are"
                    + " acknowledged before their WAL is flushed, so a database crash loses them (and reissues their UIDs)");
        }
        if (!"on".equalsIgnoreCase(fsync)) {
            problems.add("fsync is " + fsync + " on the server: commits are acknowledged although an OS crash or"
                    + " power loss can lose them or corrupt the database");
        }
        return problems;
    }

    /**
     * Throws when the commits are not durable and {@code require} is set (mail.db.require-durable-commits); otherwise
     * logs every problem as an error.
     */
    public void enforce(boolean require, Logger log) {
        List<String> problems = problems();
        if (problems.isEmpty()) {
            log.infof("database commits are durable: synchronous_commit=%s, fsync=%s", synchronousCommit, fsync);
            return;
        }
        String text = String.join("; ", problems);
        if (require) {
            throw new IllegalStateException("refusing to start: " + text
                    + " (mail.db.require-durable-commits=false only warns, for throwaway test databases)");
        }
        log.errorf("ACCEPTED MAIL CAN BE LOST: %s (mail.db.require-durable-commits=false)", text);
    }
}
