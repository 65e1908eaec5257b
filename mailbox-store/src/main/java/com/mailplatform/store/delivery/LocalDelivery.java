package com.mailplatform.store.delivery;

import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.store.Worker;
import com.mailplatform.store.imap.MessageRows;
import com.mailplatform.store.imap.MimeSummary;
import com.mailplatform.store.model.MailboxEntity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Stores delivered messages: one transaction per batch allocates UIDs and MODSEQs, inserts the message rows,
 * updates quota usage and notifies listeners after commit (ARCHITECTURE.md, "How a message travels", step 4).
 * The (queue id, recipient) delivery key makes a repeated delivery a no-op that reports DUPLICATE.
 */
@ApplicationScoped
public class LocalDelivery {

    /** PostgreSQL NOTIFY channel; payload {@code <mailbox id>:<modseq>}. */
    public static final String CHANGES_CHANNEL = "mailbox_changes";

    private final Pool pool;

    public LocalDelivery(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<DeliveryResult>> deliver(List<Delivery> deliveries) {
        return pool.withTransaction(conn -> Multi.createFrom().iterable(deliveries)
                .onItem().transformToUniAndConcatenate(d -> deliverOne(conn, d))
                .collect().asList());
    }

    private Uni<DeliveryResult> deliverOne(SqlConnection conn, Delivery d) {
        AccountRef ref = AccountRef.orNull(d.getRecipient());
        if (ref == null) {
            return Uni.createFrom().item(result(d, DeliveryResult.Status.UNKNOWN_RECIPIENT, 0, "not an address"));
        }
        String mailbox = d.getMailbox().isEmpty() ? MailboxEntity.INBOX : d.getMailbox();
        // Dovecot LDA's -m with lda_mailbox_autocreate=no (dovecot-lda(1)): a folder the account does not have is not
        // created and the message goes to INBOX instead, so a missing Junk never fails a delivery.
        return conn.preparedQuery("SELECT a.id, CASE WHEN a.quota_bytes > 0 THEN a.quota_bytes ELSE d.default_quota_bytes END,"
                        + " a.used_bytes, m.id FROM mailbox.accounts a"
                        + " JOIN mailbox.domains d ON d.id = a.domain_id"
                        + " JOIN mailbox.mailboxes m ON m.account_id = a.id AND m.name IN ($3, $4)"
                        + " WHERE d.name = $1 AND a.local_part = $2 AND NOT a.disabled"
                        + " ORDER BY m.name = $3 DESC LIMIT 1")
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailbox, MailboxEntity.INBOX))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(result(d, DeliveryResult.Status.UNKNOWN_RECIPIENT, 0, "no such account"));
                    }
                    Row acct = rows.iterator().next();
                    long accountId = acct.getLong(0);
                    long quota = acct.getLong(1);
                    long used = acct.getLong(2);
                    long mailboxId = acct.getLong(3);
                    return conn.preparedQuery("SELECT uid FROM mailbox.deliveries WHERE queue_id = $1 AND recipient = $2")
                            .execute(Tuple.of(d.getQueueId(), ref.address()))
                            .flatMap(existing -> {
                                if (existing.size() > 0) {
                                    long uid = existing.iterator().next().getLong(0);
                                    return Uni.createFrom().item(result(d, DeliveryResult.Status.DUPLICATE, uid, "already delivered"));
                                }
                                return store(conn, d, ref, accountId, mailboxId, quota, used);
                            });
                });
    }

    private Uni<DeliveryResult> store(SqlConnection conn, Delivery d, AccountRef ref, long accountId, long mailboxId,
                                      long quota, long used) {
        return conn.preparedQuery("SELECT size, content FROM mailbox.blobs WHERE id = $1").execute(Tuple.of(d.getBlobId()))
                .flatMap(blob -> {
                    if (blob.size() == 0) {
                        return Uni.createFrom().item(result(d, DeliveryResult.Status.UNKNOWN_BLOB, 0, "no blob " + d.getBlobId()));
                    }
                    long size = blob.iterator().next().getLong(0);
                    if (quota > 0 && used + size > quota) {
                        return Uni.createFrom().item(result(d, DeliveryResult.Status.OVER_QUOTA, 0, "mailbox full"));
                    }
                    // IMAP's ENVELOPE/BODYSTRUCTURE, parsed once here on a worker thread, before the folder row is locked
                    byte[] content = blob.iterator().next().getBuffer(1).getBytes();
                    return Worker.offload(() -> MimeSummary.safeOf(content)).flatMap(summary -> conn.preparedQuery(
                                    "UPDATE mailbox.mailboxes SET uidnext = uidnext + 1, highestmodseq = highestmodseq + 1"
                                    + " WHERE id = $1 RETURNING uidnext - 1, highestmodseq")
                            .execute(Tuple.of(mailboxId))
                            .flatMap(alloc -> {
                                Row r = alloc.iterator().next();
                                long uid = r.getLong(0);
                                long modseq = r.getLong(1);
                                OffsetDateTime date = OffsetDateTime.ofInstant(
                                        Instant.ofEpochMilli(d.getInternalDateMillis() > 0 ? d.getInternalDateMillis() : System.currentTimeMillis()),
                                        ZoneOffset.UTC);
                                return MessageRows.insert(conn, mailboxId, uid, modseq, date, size, d.getBlobId(), List.of(), summary)
                                        .flatMap(x -> conn.preparedQuery("INSERT INTO mailbox.deliveries (queue_id, recipient, account_id, uid) VALUES ($1, $2, $3, $4)")
                                                .execute(Tuple.of(d.getQueueId(), ref.address(), accountId, uid)))
                                        .flatMap(x -> conn.preparedQuery("UPDATE mailbox.accounts SET used_bytes = used_bytes + $2 WHERE id = $1")
                                                .execute(Tuple.of(accountId, size)))
                                        .flatMap(x -> notifyChange(conn, mailboxId, modseq))
                                        .replaceWith(result(d, DeliveryResult.Status.DELIVERED, uid, ""));
                            }));
                });
    }

    /** Delivered to listeners only when the transaction commits, which is exactly when they may look. */
    public static Uni<RowSet<Row>> notifyChange(SqlConnection conn, long mailboxId, long modseq) {
        return conn.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CHANGES_CHANNEL, mailboxId + ":" + modseq));
    }

    private static DeliveryResult result(Delivery d, DeliveryResult.Status status, long uid, String detail) {
        return DeliveryResult.newBuilder().setRecipient(d.getRecipient()).setStatus(status).setUid(uid).setDetail(detail).build();
    }
}
