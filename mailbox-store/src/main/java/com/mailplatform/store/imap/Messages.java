package com.mailplatform.store.imap;

import com.mailplatform.common.grpc.mailbox.FlagUpdateReply;
import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.FolderChangesReply;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.SearchTextRequest;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.blob.BlobStore;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.delivery.LocalDelivery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads and flag changes on the messages of one folder, for IMAP sessions. */
@ApplicationScoped
public class Messages {

    static final String STATE_COLUMNS = "uid, modseq, flags, size, internal_date, sent_date"
            // RFC 8514 SAVEDATE and RFC 8474 EMAILID (96 bits of the content's SHA-256, so copies share it); read by name
            + ", saved_at, left(blob_id, 24) AS email_id";
    /** $3 is a mailbox of the account ($1 = domain, $2 = local part). */
    static final String OWNED = " EXISTS (SELECT 1 FROM mailbox.mailboxes om WHERE om.id = $3 AND om.account_id = " + Folders.ACCOUNT + ")";

    private final Pool pool;
    private final BlobStore blobs;
    private final StoreConfig config;
    private final TextSearch textSearch;

    public Messages(Pool pool, BlobStore blobs, StoreConfig config, TextSearch textSearch) {
        this.pool = pool;
        this.blobs = blobs;
        this.config = config;
        this.textSearch = textSearch;
    }

    static MessageState state(Row r) {
        MessageState.Builder b = MessageState.newBuilder().setUid(r.getLong(0)).setModseq(r.getLong(1))
                .setSize(r.getLong(3)).setInternalDateMillis(r.getOffsetDateTime(4).toInstant().toEpochMilli());
        for (String f : r.getArrayOfStrings(2)) {
            b.addFlags(f);
        }
        if (r.getOffsetDateTime(5) != null) {
            b.setSentDateMillis(r.getOffsetDateTime(5).toInstant().toEpochMilli());
        }
        if (r.getOffsetDateTime("saved_at") != null) {
            b.setSaveDateMillis(r.getOffsetDateTime("saved_at").toInstant().toEpochMilli());
        }
        b.setEmailId("E" + r.getString("email_id"));
        return b.build();
    }

    /**
     * What changed above {@code since}. HIGHESTMODSEQ is read first: a writer holds the folder row until it
     * commits, so every change at or below the value read is already visible to the queries that follow.
     */
    public Uni<FolderChangesReply> changes(AccountRef ref, long mailboxId, long since) {
        return changes(ref, mailboxId, since, false, false);
    }

    /**
     * With {@code claimRecent}, first claims the \Recent messages that came since the last claim (RFC 3501 section
     * 2.3.2); they are committed before the reads below, so the reply's changes hold them. With {@code expungedOnly},
     * the changed messages are left out (QRESYNC's VANISHED (EARLIER) needs only the UIDs).
     */
    public Uni<FolderChangesReply> changes(AccountRef ref, long mailboxId, long since, boolean claimRecent, boolean expungedOnly) {
        if (claimRecent) {
            return RecentClaims.claim(pool, ref, mailboxId)
                    .flatMap(range -> changes(ref, mailboxId, since, false, expungedOnly)
                            .map(r -> r.toBuilder().setRecentAfterUid(range.after()).setRecentThroughUid(range.through()).build()));
        }
        return pool.preparedQuery("SELECT m.highestmodseq, m.uidnext FROM mailbox.mailboxes m WHERE m.id = $3 AND" + OWNED)
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(FolderChangesReply.newBuilder().setFound(false).build());
                    }
                    Row m = rows.iterator().next();
                    FolderChangesReply.Builder b = FolderChangesReply.newBuilder().setFound(true)
                            .setHighestmodseq(m.getLong(0)).setUidnext(m.getLong(1));
                    return pool.preparedQuery("SELECT " + STATE_COLUMNS + " FROM mailbox.messages WHERE mailbox_id = $1 AND modseq > $2"
                                    + (expungedOnly ? " AND false" : "") + " ORDER BY uid")
                            .execute(Tuple.of(mailboxId, since))
                            .flatMap(changed -> {
                                changed.forEach(r -> b.addChanged(state(r)));
                                return pool.preparedQuery("SELECT uid FROM mailbox.expunged WHERE mailbox_id = $1 AND modseq > $2 ORDER BY uid")
                                        .execute(Tuple.of(mailboxId, since));
                            })
                            .map(expunged -> {
                                expunged.forEach(r -> b.addExpungedUids(r.getLong(0)));
                                return b.build();
                            });
                });
    }

    /**
     * STORE (RFC 9051 section 6.4.6): one new MODSEQ for every message whose flags actually change; the others
     * keep theirs. Returns the state of every requested message that still exists.
     */
    public Uni<List<MessageState>> updateFlags(AccountRef ref, long mailboxId, List<Long> uids, FlagUpdateRequest.Mode mode, List<String> flags) {
        return updateFlags(ref, mailboxId, uids, mode, flags, -1).map(FlagUpdateReply::getUpdatedList);
    }

    /**
     * STORE, conditional when {@code unchangedSince >= 0} (RFC 7162 section 3.1.3 UNCHANGEDSINCE): the test
     * {@code modseq <= unchangedSince} is in the UPDATE's WHERE, so it and the change are one atomic step per message
     * (and every flag writer holds the folder row, so nothing moves between the UPDATE and the read after it). A
     * message that fails the test keeps its flags and MODSEQ and is listed in modified_uids; one that passes but whose
     * flags would not change also keeps its MODSEQ and counts as a success.
     */
    public Uni<FlagUpdateReply> updateFlags(AccountRef ref, long mailboxId, List<Long> uids, FlagUpdateRequest.Mode mode, List<String> flags,
                                            long unchangedSince) {
        String next = switch (mode) {
            case ADD -> "ARRAY(SELECT DISTINCT f FROM unnest(flags || $4::text[]) f ORDER BY f)";
            case REMOVE -> "ARRAY(SELECT f FROM unnest(flags) f WHERE f <> ALL($4::text[]) ORDER BY f)";
            default -> "ARRAY(SELECT DISTINCT f FROM unnest($4::text[]) f ORDER BY f)";
        };
        Long[] uidArray = uids.toArray(new Long[0]);
        String[] flagArray = flags.toArray(new String[0]);
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE mailbox.mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = $3 AND"
                                + OWNED + " RETURNING highestmodseq")
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId))
                .flatMap(m -> {
                    if (m.size() == 0) {
                        return Uni.createFrom().item(FlagUpdateReply.getDefaultInstance());
                    }
                    long modseq = m.iterator().next().getLong(0);
                    boolean conditional = unchangedSince >= 0;
                    Tuple args = Tuple.of(mailboxId, modseq, uidArray, flagArray);
                    if (conditional) {
                        args.addLong(unchangedSince);
                    }
                    return conn.preparedQuery("UPDATE mailbox.messages SET flags = " + next + ", modseq = $2 WHERE mailbox_id = $1 AND uid = ANY($3)"
                                    + (conditional ? " AND modseq <= $5" : "") + " AND flags IS DISTINCT FROM " + next)
                            .execute(args)
                            .flatMap(updated -> updated.rowCount() == 0
                                    ? Uni.createFrom().voidItem()
                                    : LocalDelivery.notifyChange(conn, mailboxId, modseq).replaceWithVoid())
                            .flatMap(x -> conn.preparedQuery("SELECT " + STATE_COLUMNS + " FROM mailbox.messages WHERE mailbox_id = $1 AND uid = ANY($2) ORDER BY uid")
                                    .execute(Tuple.of(mailboxId, uidArray)))
                            .map(rows -> {
                                FlagUpdateReply.Builder out = FlagUpdateReply.newBuilder();
                                rows.forEach(r -> {
                                    MessageState st = state(r);
                                    // not updated now (its MODSEQ is not this STORE's) and changed after the client's value
                                    if (conditional && st.getModseq() != modseq && st.getModseq() > unchangedSince) {
                                        out.addModifiedUids(st.getUid());
                                    } else {
                                        out.addUpdated(st);
                                    }
                                });
                                return out.build();
                            });
                }));
    }

    /**
     * The UIDs among {@code uids} whose text matches (case-insensitive substring, RFC 9051 section 6.4.4). BODY and
     * TEXT come from the text index ({@link TextSearch}). HEADER fields are matched in the raw header: contents
     * are loaded and matched a batch at a time (one query, one worker hop each), never the whole folder at once.
     */
    public Uni<List<Long>> searchText(AccountRef ref, long mailboxId, List<Long> uids, SearchTextRequest.Where where, String field, String needle) {
        if (where != SearchTextRequest.Where.HEADER) {
            return textSearch.search(ref, mailboxId, uids, where == SearchTextRequest.Where.TEXT, needle);
        }
        return pool.preparedQuery("SELECT uid, blob_id, size FROM mailbox.messages WHERE mailbox_id = $3 AND uid = ANY($4) AND" + OWNED + " ORDER BY uid")
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId, uids.toArray(new Long[0])))
                .flatMap(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    List<List<Row>> batches = ContentBatches.of(list, r -> r.getLong(2), config.fetchBatchMessages(), config.fetchBatchBytes());
                    return Multi.createFrom().iterable(batches)
                            .onItem().transformToUniAndConcatenate(batch -> blobs.getAll(batch.stream().map(r -> r.getString(1)).toList())
                                    .flatMap(contents -> Worker.offload(() -> {
                                        List<Long> hits = new ArrayList<>();
                                        for (Row r : batch) {
                                            byte[] raw = contents.get(r.getString(1));
                                            if (raw != null && TextMatch.headerMatches(raw, field, needle)) {
                                                hits.add(r.getLong(0));
                                            }
                                        }
                                        return hits;
                                    })))
                            .collect().in(ArrayList<Long>::new, List::addAll);
                });
    }
}
