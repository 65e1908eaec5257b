package com.mailplatform.store.transfer;

import com.mailplatform.common.grpc.mailbox.AppendReply;
import com.mailplatform.common.grpc.mailbox.ImportBatchReply;
import com.mailplatform.common.grpc.mailbox.ImportMessage;
import com.mailplatform.common.grpc.mailbox.ImportOutcome;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.imap.MessageWrites;
import com.mailplatform.store.imap.MessageWrites.AppendItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Imports a batch of messages into one folder through {@link MessageWrites#append} (so quota, UID/MODSEQ,
 * \Recent, search text and the folder counters are what an IMAP APPEND makes them), skipping the ones whose bytes
 * were imported into that folder before (V14 {@code import_digests}, written in the same transaction as the
 * message rows: a crash leaves either both or neither, so a re-run after a crash adds exactly what is missing).
 * The batch is one transaction; if it fails as a whole (over quota, a racing import of the same message) each
 * message is tried alone, so one bad message never costs the others.
 */
@ApplicationScoped
public class MailImports {

    private static final Logger LOG = Logger.getLogger(MailImports.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ACCOUNT = "(" + AccountRef.ACCOUNT_ID_SQL + ")";

    private final Pool pool;
    private final MessageWrites writes;
    private final StoreConfig config;

    public MailImports(Pool pool, MessageWrites writes, StoreConfig config) {
        this.pool = pool;
        this.writes = writes;
        this.config = config;
    }

    public Uni<ImportBatchReply> importBatch(AccountRef ref, String folder, List<ImportMessage> messages, long uidvalidity) {
        // a kept UIDVALIDITY (RFC 9051 section 2.3.1.1) only for a folder that never handed out a UID: no client can
        // hold UIDs of it that would now mean other messages
        Uni<Void> validity = uidvalidity <= 0 ? Uni.createFrom().voidItem()
                : pool.preparedQuery("UPDATE mailbox.mailboxes m SET uidvalidity = $4 WHERE m.account_id = " + ACCOUNT
                                + " AND m.name = $3 AND m.uidnext = 1")
                        .execute(Tuple.of(ref.domain(), ref.localPart(), folder, uidvalidity)).replaceWithVoid();
        return validity.flatMap(x -> Worker.offload(() -> digests(messages))).flatMap(digests -> pool.preparedQuery(
                        "SELECT m.id, m.uidvalidity, d.digest FROM mailbox.mailboxes m LEFT JOIN mailbox.import_digests d"
                                + " ON d.mailbox_id = m.id AND d.digest = ANY($4) WHERE m.account_id = " + ACCOUNT + " AND m.name = $3")
                .execute(Tuple.of(ref.domain(), ref.localPart(), folder, buffers(digests)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(ImportBatchReply.newBuilder().setFolderFound(false).build());
                    }
                    Set<ByteBuffer> known = new HashSet<>();
                    long validityNow = 0;
                    for (Row r : rows) {
                        validityNow = r.getLong(1);
                        if (r.getValue(2) != null) {
                            known.add(ByteBuffer.wrap(r.getBuffer(2).getBytes()));
                        }
                    }
                    ImportOutcome[] outcomes = new ImportOutcome[messages.size()];
                    List<Integer> todo = new ArrayList<>();
                    for (int i = 0; i < messages.size(); i++) {
                        if (messages.get(i).getContent().size() > config.maxBlobBytes()) {
                            outcomes[i] = rejected("message larger than " + config.maxBlobBytes() + " bytes");
                        } else if (!known.add(ByteBuffer.wrap(digests.get(i)))) {
                            outcomes[i] = ImportOutcome.newBuilder().setStatus(ImportOutcome.Status.DUPLICATE).build();
                        } else {
                            todo.add(i);
                        }
                    }
                    ImportBatchReply.Builder reply = ImportBatchReply.newBuilder().setFolderFound(true).setUidvalidity(validityNow);
                    boolean keepUids = todo.stream().anyMatch(i -> messages.get(i).getUid() > 0);
                    Uni<Void> stored;
                    if (!keepUids) {
                        stored = store(ref, folder, messages, digests, todo, outcomes);
                    } else {
                        // each message alone, after moving UIDNEXT up to the UID it had (never down)
                        stored = Uni.createFrom().voidItem();
                        for (int i : todo) {
                            stored = stored.flatMap(v -> raiseUidNext(ref, folder, messages.get(i).getUid())
                                    .flatMap(w -> store(ref, folder, messages, digests, List.of(i), outcomes))
                                    .invoke(() -> noteUid(outcomes, i, messages.get(i).getUid())));
                        }
                    }
                    return stored.map(v -> {
                        for (ImportOutcome o : outcomes) {
                            reply.addOutcomes(o);
                        }
                        return reply.build();
                    });
                }));
    }

    /**
     * UIDNEXT up to {@code uid} (never down, so no UID is handed out twice); a crash between this and the append
     * leaves only a gap in the UIDs, which IMAP allows.
     */
    private Uni<Void> raiseUidNext(AccountRef ref, String folder, long uid) {
        if (uid <= 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE mailbox.mailboxes m SET uidnext = $4 WHERE m.account_id = " + ACCOUNT + " AND m.name = $3 AND m.uidnext < $4")
                .execute(Tuple.of(ref.domain(), ref.localPart(), folder, uid)).replaceWithVoid();
    }

    private static void noteUid(ImportOutcome[] outcomes, int i, long wanted) {
        ImportOutcome o = outcomes[i];
        if (wanted > 0 && o.getStatus() == ImportOutcome.Status.STORED && o.getUid() != wanted) {
            outcomes[i] = o.toBuilder().setDetail("UID " + wanted + " not kept (the folder had handed out UIDs up to it)").build();
        }
    }

    /** All of {@code todo} in one transaction; if that fails, each alone. */
    private Uni<Void> store(AccountRef ref, String folder, List<ImportMessage> messages, List<byte[]> digests, List<Integer> todo,
                            ImportOutcome[] outcomes) {
        if (todo.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return appendAll(ref, folder, messages, digests, todo)
                .map(reply -> {
                    if (reply.getDetail().isEmpty()) {
                        List<Long> uids = new ArrayList<>();
                        uids.add(reply.getUid());
                        uids.addAll(reply.getMoreUidsList());
                        for (int n = 0; n < todo.size(); n++) {
                            outcomes[todo.get(n)] = ImportOutcome.newBuilder().setStatus(ImportOutcome.Status.STORED).setUid(uids.get(n)).build();
                        }
                        return true;
                    }
                    if (todo.size() == 1) {
                        outcomes[todo.get(0)] = rejected(reply.getDetail());
                    }
                    return false;
                })
                .onFailure().recoverWithItem(e -> {
                    if (todo.size() == 1) {
                        outcomes[todo.get(0)] = e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                                ? ImportOutcome.newBuilder().setStatus(ImportOutcome.Status.DUPLICATE).build()
                                : rejected(String.valueOf(e.getMessage()));
                        LOG.debugf(e, "import into %s of %s: message refused", folder, ref.address());
                    }
                    return false;
                })
                .flatMap(done -> {
                    if (done || todo.size() == 1) {
                        return Uni.createFrom().voidItem();
                    }
                    Uni<Void> each = Uni.createFrom().voidItem();
                    for (int i : todo) {
                        each = each.flatMap(v -> store(ref, folder, messages, digests, List.of(i), outcomes));
                    }
                    return each;
                });
    }

    private Uni<AppendReply> appendAll(AccountRef ref, String folder, List<ImportMessage> messages, List<byte[]> digests, List<Integer> todo) {
        List<AppendItem> items = new ArrayList<>(todo.size());
        List<byte[]> batchDigests = new ArrayList<>(todo.size());
        for (int n = 0; n < todo.size(); n++) {
            ImportMessage m = messages.get(todo.get(n));
            items.add(new AppendItem(m.getContent().toByteArray(), m.getFlagsList(), m.getInternalDateMillis()));
            batchDigests.add(digests.get(todo.get(n)));
        }
        // the digests go in with the rows, in the same transaction; a digest another import committed meanwhile
        // violates the primary key and rolls this batch back (then each message is tried alone)
        return writes.append(ref, folder, items, (conn, mailboxId, uids) -> conn.preparedQuery(
                        "INSERT INTO mailbox.import_digests (mailbox_id, digest, uid) SELECT $1, d, u FROM unnest($2::bytea[], $3::bigint[]) AS t(d, u)")
                .execute(Tuple.of(mailboxId, buffers(batchDigests), uids.toArray(new Long[0])))
                .replaceWithVoid());
    }

    private static io.vertx.core.buffer.Buffer[] buffers(List<byte[]> digests) {
        return digests.stream().map(io.vertx.core.buffer.Buffer::buffer).toArray(io.vertx.core.buffer.Buffer[]::new);
    }

    private static ImportOutcome rejected(String detail) {
        return ImportOutcome.newBuilder().setStatus(ImportOutcome.Status.REJECTED).setDetail(detail).build();
    }

    /** SHA-256 of each message's bytes as given: the identity of an imported message within its target folder. */
    static List<byte[]> digests(List<ImportMessage> messages) {
        List<byte[]> out = new ArrayList<>(messages.size());
        for (ImportMessage m : messages) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                m.getContent().asReadOnlyByteBufferList().forEach(sha::update);
                out.add(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every JRE has SHA-256
            }
        }
        return out;
    }
}
