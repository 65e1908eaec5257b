package com.mailplatform.store.imap;

import com.mailplatform.store.delivery.AccountRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * \Recent (RFC 3501 section 2.3.2): "the first session to be notified about a message" sees it as recent, and no
 * other. The folder row's recent_uid (V7) is the highest UID some session has seen as recent; a claim moves it
 * to uidnext - 1 in one UPDATE, which PostgreSQL serialises on the row, so two sessions on any gateway replicas
 * never claim the same UID. A claim with nothing new matches no row and writes nothing.
 */
final class RecentClaims {

    /** The range claimed: recent for the claimer are after &lt; uid &lt;= through (equal when nothing was new). */
    record Range(long after, long through) {
    }

    private RecentClaims() {
    }

    /**
     * Claims every message of the account's folder that no session has seen as recent yet. The condition is in the
     * locking sub-select, so a look with nothing new (most resyncs) locks and writes nothing.
     */
    static Uni<Range> claim(Pool pool, AccountRef ref, long mailboxId) {
        return pool.preparedQuery("UPDATE mailbox.mailboxes m SET recent_uid = m.uidnext - 1"
                        + " FROM (SELECT id, recent_uid FROM mailbox.mailboxes WHERE id = $3 AND account_id = " + Folders.ACCOUNT
                        + " AND recent_uid < uidnext - 1 FOR UPDATE) old"
                        + " WHERE m.id = old.id RETURNING old.recent_uid, m.recent_uid")
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Range(0, 0);
                    }
                    Row r = rows.iterator().next();
                    return new Range(r.getLong(0), r.getLong(1));
                });
    }

    /** What a claim would take now, without taking it (EXAMINE; RFC 3501 section 6.3.2 changes no state). */
    static Uni<Range> peek(Pool pool, long mailboxId) {
        return pool.preparedQuery("SELECT recent_uid, uidnext - 1 FROM mailbox.mailboxes WHERE id = $1")
                .execute(Tuple.of(mailboxId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Range(0, 0);
                    }
                    Row r = rows.iterator().next();
                    return new Range(r.getLong(0), Math.max(r.getLong(0), r.getLong(1)));
                });
    }
}
