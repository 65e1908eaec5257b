package com.mailplatform.store.delivery;

import com.mailplatform.common.grpc.mailbox.MessageInfo;
import com.mailplatform.store.imap.MessageWrites;
import com.mailplatform.store.model.MailboxEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The reads and writes a POP3 session needs on one mailbox of one account. */
@ApplicationScoped
public class Maildrop {

    public record Listing(long mailboxId, long uidvalidity, List<MessageInfo> messages) {
    }

    private final Pool pool;

    public Maildrop(Pool pool) {
        this.pool = pool;
    }

    /** Null when the account or mailbox does not exist. */
    public Uni<Listing> list(AccountRef ref, String mailbox) {
        return pool.preparedQuery("SELECT m.id, m.uidvalidity FROM mailbox.mailboxes m JOIN mailbox.accounts a ON a.id = m.account_id"
                        + " JOIN mailbox.domains d ON d.id = a.domain_id WHERE d.name = $1 AND a.local_part = $2 AND m.name = $3")
                .execute(Tuple.of(ref.domain(), ref.localPart(), name(mailbox)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row mb = rows.iterator().next();
                    long uidvalidity = mb.getLong(1);
                    return pool.preparedQuery("SELECT uid, size, internal_date FROM mailbox.messages WHERE mailbox_id = $1 ORDER BY uid")
                            .execute(Tuple.of(mb.getLong(0)))
                            .map(msgs -> {
                                List<MessageInfo> out = new ArrayList<>(msgs.size());
                                for (Row r : msgs) {
                                    out.add(MessageInfo.newBuilder().setUid(r.getLong(0)).setSize(r.getLong(1))
                                            .setInternalDateMillis(r.getOffsetDateTime(2).toInstant().toEpochMilli()).build());
                                }
                                return new Listing(mb.getLong(0), uidvalidity, out);
                            });
                });
    }

    /** Removes the messages, gives their bytes back to the quota, and returns how many went. */
    public Uni<Integer> expunge(AccountRef ref, String mailbox, List<Long> uids) {
        if (uids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT m.id, a.id FROM mailbox.mailboxes m JOIN mailbox.accounts a ON a.id = m.account_id"
                                + " JOIN mailbox.domains d ON d.id = a.domain_id WHERE d.name = $1 AND a.local_part = $2 AND m.name = $3 FOR UPDATE OF m")
                .execute(Tuple.of(ref.domain(), ref.localPart(), name(mailbox)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    Row mb = rows.iterator().next();
                    long mailboxId = mb.getLong(0);
                    // IMAP sessions learn of the removal by MODSEQ from the tombstones MessageWrites.remove leaves
                    return conn.preparedQuery("SELECT uid FROM mailbox.messages WHERE mailbox_id = $1 AND uid = ANY($2)")
                            .execute(Tuple.of(mailboxId, uids.toArray(new Long[0])))
                            .flatMap(found -> {
                                List<Long> present = new ArrayList<>();
                                found.forEach(r -> present.add(r.getLong(0)));
                                return present.isEmpty() ? Uni.createFrom().item(0)
                                        : MessageWrites.remove(conn, mailboxId, present).replaceWith(present.size());
                            });
                }));
    }

    /**
     * Takes or renews the maildrop lease for {@code owner}; false while another live owner holds it
     * (RFC 1939 section 8, exclusive-access lock; RFC 2449 section 8 [IN-USE]).
     */
    public Uni<Boolean> acquire(AccountRef ref, String owner, int leaseSeconds) {
        return pool.preparedQuery("INSERT INTO mailbox.maildrop_locks (account_id, owner, expires_at)"
                        + " SELECT a.id, $3, now() + make_interval(secs => $4) FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
                        + "   WHERE d.name = $1 AND a.local_part = $2"
                        + " ON CONFLICT (account_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at"
                        + "   WHERE maildrop_locks.owner = EXCLUDED.owner OR maildrop_locks.expires_at < now()"
                        + " RETURNING owner")
                .execute(Tuple.of(ref.domain(), ref.localPart(), owner, (double) leaseSeconds))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> release(AccountRef ref, String owner) {
        return pool.preparedQuery("DELETE FROM mailbox.maildrop_locks l USING mailbox.accounts a, mailbox.domains d"
                        + " WHERE l.account_id = a.id AND d.id = a.domain_id AND d.name = $1 AND a.local_part = $2 AND l.owner = $3")
                .execute(Tuple.of(ref.domain(), ref.localPart(), owner))
                .map(rows -> rows.rowCount() > 0);
    }

    private static String name(String mailbox) {
        return mailbox == null || mailbox.isEmpty() ? MailboxEntity.INBOX : mailbox;
    }
}
