package com.mailplatform.store.imap;

import com.mailplatform.common.grpc.mailbox.AppendReply;
import com.mailplatform.common.grpc.mailbox.CopyReply;
import com.mailplatform.common.grpc.mailbox.ExpungeDeletedReply;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.blob.BlobStore;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.delivery.LocalDelivery;
import com.mailplatform.store.quota.Usage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY/MOVE, EXPUNGE and APPEND. Each is one transaction that first locks the folder rows it changes (in id
 * order, so two sessions never deadlock), allocates UIDs/MODSEQs under that lock, leaves tombstones for what it
 * removes and notifies after commit.
 */
@ApplicationScoped
public class MessageWrites {

    private final Pool pool;
    private final BlobStore blobs;
    private final StoreConfig config;

    public MessageWrites(Pool pool, BlobStore blobs, StoreConfig config) {
        this.pool = pool;
        this.blobs = blobs;
        this.config = config;
    }


    /** RFC 9051 section 6.4.7 COPY and RFC 6851 MOVE; the UID mapping feeds COPYUID (RFC 4315). */
    public Uni<CopyReply> copy(AccountRef ref, long sourceId, List<Long> uids, String target, boolean move) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT m.id, m.name, m.uidvalidity, m.account_id FROM mailbox.mailboxes m"
                                + " WHERE m.account_id = " + Folders.ACCOUNT + " AND (m.id = $3 OR m.name = $4) ORDER BY m.id FOR UPDATE")
                .execute(Tuple.of(ref.domain(), ref.localPart(), sourceId, target))
                .flatMap(rows -> {
                    Row dest = null;
                    boolean sourceFound = false;
                    for (Row r : rows) {
                        if (r.getString(1).equals(target)) {
                            dest = r;
                        }
                        sourceFound |= r.getLong(0) == sourceId;
                    }
                    if (dest == null || !sourceFound) {
                        return Uni.createFrom().item(CopyReply.newBuilder().setTargetFound(false)
                                .setDetail(dest == null ? "[TRYCREATE] no such mailbox" : "mailbox is gone").build());
                    }
                    Row d = dest;
                    return conn.preparedQuery("SELECT uid, size FROM mailbox.messages WHERE mailbox_id = $1 AND uid = ANY($2) ORDER BY uid")
                            .execute(Tuple.of(sourceId, uids.toArray(new Long[0])))
                            .flatMap(src -> copyRows(conn, sourceId, d, src, move));
                }));
    }

    private static Uni<CopyReply> copyRows(SqlConnection conn, long sourceId, Row dest, io.vertx.mutiny.sqlclient.RowSet<Row> src, boolean move) {
        long destId = dest.getLong(0);
        List<Long> sourceUids = new ArrayList<>();
        long bytes = 0;
        for (Row r : src) {
            sourceUids.add(r.getLong(0));
            bytes += r.getLong(1);
        }
        CopyReply.Builder reply = CopyReply.newBuilder().setTargetFound(true).setTargetUidvalidity(dest.getLong(2));
        if (sourceUids.isEmpty()) {
            return Uni.createFrom().item(reply.build());
        }
        int n = sourceUids.size();
        long size = bytes;
        Long[] uidArray = sourceUids.toArray(new Long[0]);
        Uni<Boolean> quota = move ? Uni.createFrom().item(true)
                : conn.preparedQuery("UPDATE mailbox.accounts a SET used_bytes = a.used_bytes + $2 FROM mailbox.domains d"
                                + " WHERE a.id = $1 AND d.id = a.domain_id AND " + Usage.FITS_SQL)
                        .execute(Tuple.of(dest.getLong(3), size)).map(r -> r.rowCount() > 0);
        return quota.flatMap(within -> {
            if (!within) {
                return Uni.createFrom().item(CopyReply.newBuilder().setTargetFound(true).setDetail("[OVERQUOTA] mailbox full").build());
            }
            return conn.preparedQuery("UPDATE mailbox.mailboxes SET uidnext = uidnext + $2, highestmodseq = highestmodseq + 1 WHERE id = $1"
                            + " RETURNING uidnext - $2, highestmodseq")
                    .execute(Tuple.of(destId, (long) n))
                    .flatMap(alloc -> {
                        long base = alloc.iterator().next().getLong(0);
                        long modseq = alloc.iterator().next().getLong(1);
                        for (int i = 0; i < n; i++) {
                            reply.addSourceUids(sourceUids.get(i)).addTargetUids(base + i);
                        }
                        return conn.preparedQuery("INSERT INTO mailbox.messages (mailbox_id, uid, modseq, flags, internal_date, size, blob_id,"
                                        + " envelope, bodystructure, body, sent_date, sort_fields)"
                                        + " SELECT $1, $3 + row_number() OVER (ORDER BY uid) - 1, $4, flags, internal_date, size, blob_id,"
                                        + " envelope, bodystructure, body, sent_date, sort_fields FROM mailbox.messages WHERE mailbox_id = $2 AND uid = ANY($5)")
                                .execute(Tuple.of(destId, sourceId, base, modseq, uidArray))
                                .flatMap(x -> LocalDelivery.notifyChange(conn, destId, modseq))
                                .flatMap(x -> move ? remove(conn, sourceId, sourceUids).replaceWithVoid() : Uni.createFrom().voidItem())
                                .replaceWith(reply.build());
                    });
        });
    }

    /**
     * EXPUNGE / UID EXPUNGE (RFC 9051 section 6.4.3, RFC 4315 section 2.1): removes the \Deleted messages, all or
     * those among {@code uids}.
     */
    public Uni<ExpungeDeletedReply> expunge(AccountRef ref, long mailboxId, List<Long> uids) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT m.id FROM mailbox.mailboxes m WHERE m.id = $3 AND m.account_id = "
                                + Folders.ACCOUNT + " FOR UPDATE")
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(ExpungeDeletedReply.newBuilder().build());
                    }
                    String restrict = uids.isEmpty() ? "" : " AND uid = ANY($2)";
                    Tuple args = uids.isEmpty() ? Tuple.of(mailboxId) : Tuple.of(mailboxId, uids.toArray(new Long[0]));
                    return conn.preparedQuery("SELECT uid FROM mailbox.messages WHERE mailbox_id = $1 AND '\\Deleted' = ANY(flags)" + restrict + " ORDER BY uid")
                            .execute(args)
                            .flatMap(del -> {
                                List<Long> gone = new ArrayList<>();
                                del.forEach(r -> gone.add(r.getLong(0)));
                                if (gone.isEmpty()) {
                                    return Uni.createFrom().item(ExpungeDeletedReply.newBuilder().build());
                                }
                                return remove(conn, mailboxId, gone).map(modseq -> ExpungeDeletedReply.newBuilder()
                                        .addAllExpungedUids(gone).setHighestmodseq(modseq).build());
                            });
                }));
    }

    /**
     * Deletes the rows, gives their bytes back to the quota, leaves tombstones at a new MODSEQ and notifies. The
     * caller holds the folder row lock. Returns the new MODSEQ.
     */
    public static Uni<Long> remove(SqlConnection conn, long mailboxId, List<Long> uids) {
        Long[] uidArray = uids.toArray(new Long[0]);
        return conn.preparedQuery("UPDATE mailbox.mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = $1 RETURNING highestmodseq, account_id")
                .execute(Tuple.of(mailboxId))
                .flatMap(m -> {
                    long modseq = m.iterator().next().getLong(0);
                    long accountId = m.iterator().next().getLong(1);
                    return conn.preparedQuery("WITH gone AS (DELETE FROM mailbox.messages WHERE mailbox_id = $1 AND uid = ANY($2) RETURNING uid, size),"
                                    + " tomb AS (INSERT INTO mailbox.expunged (mailbox_id, uid, modseq) SELECT $1, uid, $3 FROM gone"
                                    + "   ON CONFLICT (mailbox_id, uid) DO UPDATE SET modseq = EXCLUDED.modseq)"
                                    + " UPDATE mailbox.accounts SET used_bytes = GREATEST(0, used_bytes - (SELECT coalesce(sum(size), 0) FROM gone))"
                                    + " WHERE id = $4")
                            .execute(Tuple.of(mailboxId, uidArray, modseq, accountId))
                            .flatMap(x -> LocalDelivery.notifyChange(conn, mailboxId, modseq))
                            .replaceWith(modseq);
                });
    }

    /** One message of an APPEND. internalDateMillis 0 = now. */
    public record AppendItem(byte[] content, List<String> flags, long internalDateMillis) { }

    /** A MULTIAPPEND message that does not fit: the transaction is rolled back, nothing of the command stays. */
    private static final class OverQuota extends RuntimeException {
        OverQuota() {
            super("over quota", null, false, false);
        }
    }

    public Uni<AppendReply> append(AccountRef ref, String folder, byte[] content, List<String> flags, long internalDateMillis) {
        return append(ref, folder, List.of(new AppendItem(content, flags, internalDateMillis)));
    }

    /**
     * APPEND (RFC 9051 section 6.3.12) with APPENDUID (RFC 4315), and RFC 3502 MULTIAPPEND: parses the messages (summary, text)
     * off the event loop, then one transaction (one commit) stores each blob, checks and charges the quota, allocates
     * UID and MODSEQ and inserts the row. A crash before the commit leaves nothing behind (no orphan blob); after it,
     * everything is there. Any message over quota rolls back the whole command (RFC 3502 section 6.3.11: all or none).
     */
    public Uni<AppendReply> append(AccountRef ref, String folder, List<AppendItem> items) {
        return append(ref, folder, items, (conn, mailboxId, uids) -> Uni.createFrom().voidItem());
    }

    /** More work in an APPEND's transaction once its rows are in (the folder row still locked); a failure rolls all back. */
    @FunctionalInterface
    public interface AfterAppend {
        Uni<Void> apply(SqlConnection conn, long mailboxId, List<Long> uids);
    }

    /** {@link #append(AccountRef, String, List)} with {@code after} run before the commit (import remembers digests). */
    public Uni<AppendReply> append(AccountRef ref, String folder, List<AppendItem> items, AfterAppend after) {
        long now = System.currentTimeMillis();
        List<AppendItem> stored = new ArrayList<>(items.size());
        return Worker.offload(() -> {
                    List<ParsedContent> out = new ArrayList<>(items.size());
                    for (AppendItem i : items) {
                        // a part with NUL bytes is kept as base64, BINARY decodes it back (BinaryContent)
                        AppendItem item = new AppendItem(BinaryContent.withoutNul(i.content()), i.flags(), i.internalDateMillis());
                        stored.add(item);
                        out.add(ParsedContent.of(item.content(), config.searchTextMaxChars()));
                    }
                    return out;
                })
                .flatMap(summaries -> pool.withTransaction(conn -> conn.preparedQuery(
                                // the folder row first (as delivery and EXPUNGE lock it first), then the account's
                                "SELECT m.id, m.uidvalidity, m.account_id FROM mailbox.mailboxes m WHERE m.account_id = " + Folders.ACCOUNT
                                        + " AND m.name = $3 FOR UPDATE")
                        .execute(Tuple.of(ref.domain(), ref.localPart(), folder))
                        .flatMap(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().item(AppendReply.newBuilder().setFolderFound(false).setDetail("[TRYCREATE] no such mailbox").build());
                            }
                            Row mb = rows.iterator().next();
                            long mailboxId = mb.getLong(0);
                            AppendReply.Builder reply = AppendReply.newBuilder().setFolderFound(true).setUidvalidity(mb.getLong(1));
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (int n = 0; n < items.size(); n++) {
                                AppendItem item = stored.get(n);
                                ParsedContent parsed = summaries.get(n);
                                boolean first = n == 0;
                                OffsetDateTime date = OffsetDateTime.ofInstant(Instant.ofEpochMilli(item.internalDateMillis() > 0
                                        ? item.internalDateMillis() : now), ZoneOffset.UTC);
                                chain = chain.flatMap(v -> conn.preparedQuery(APPEND_ALLOCATE)
                                        .execute(Tuple.of(mb.getLong(2), (long) item.content().length, mailboxId))
                                        .flatMap(alloc -> {
                                            if (alloc.size() == 0) {
                                                return Uni.createFrom().failure(new OverQuota());
                                            }
                                            long uid = alloc.iterator().next().getLong(0);
                                            long modseq = alloc.iterator().next().getLong(1);
                                            if (first) {
                                                reply.setUid(uid);
                                            } else {
                                                reply.addMoreUids(uid);
                                            }
                                            return blobs.put(conn, item.content()).flatMap(blobId -> MessageRows.insert(conn, mailboxId, uid, modseq,
                                                    date, item.content().length, blobId, item.flags(), parsed.summary(), parsed.text()));
                                        }));
                            }
                            return chain.flatMap(v -> {
                                List<Long> uids = new ArrayList<>(items.size());
                                uids.add(reply.getUid());
                                uids.addAll(reply.getMoreUidsList());
                                return after.apply(conn, mailboxId, uids);
                            }).map(v -> reply.build());
                        }))
                        .onFailure(OverQuota.class)
                        .recoverWithItem(() -> AppendReply.newBuilder().setFolderFound(true).setDetail("[OVERQUOTA] mailbox full").build()));
    }

    /**
     * Charges the quota ($1 account, $2 bytes) and, only if it fits, takes the next UID and MODSEQ of folder $3; the
     * NOTIFY goes out at commit. No row: over quota.
     */
    private static final String APPEND_ALLOCATE = "WITH quota AS (UPDATE mailbox.accounts a SET used_bytes = a.used_bytes + $2"
            + " FROM mailbox.domains d WHERE a.id = $1 AND d.id = a.domain_id AND " + Usage.FITS_SQL + " RETURNING a.id),"
            + " alloc AS (UPDATE mailbox.mailboxes SET uidnext = uidnext + 1, highestmodseq = highestmodseq + 1"
            + " WHERE id = $3 AND EXISTS (SELECT 1 FROM quota) RETURNING id, uidnext - 1 AS uid, highestmodseq AS modseq)"
            + " SELECT uid, modseq, pg_notify('" + LocalDelivery.CHANGES_CHANNEL + "', id || ':' || modseq) FROM alloc";
}
