package com.mailplatform.store.imap;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mailplatform.common.grpc.mailbox.SortFields;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.blob.BlobStore;
import com.mailplatform.store.delivery.AccountRef;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The SORT/THREAD keys of a set of messages (RFC 5256) in one query over the cached sort_fields column. Messages
 * stored before V11 have none: their content is read a batch at a time, summarized once and written back.
 */
@ApplicationScoped
public class SortReads {

    private final Pool pool;
    private final BlobStore blobs;
    private final StoreConfig config;

    public SortReads(Pool pool, BlobStore blobs, StoreConfig config) {
        this.pool = pool;
        this.blobs = blobs;
        this.config = config;
    }

    public Uni<List<SortFields>> sortData(AccountRef ref, long mailboxId, List<Long> uids) {
        if (uids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT uid, sort_fields, blob_id, size FROM mailbox.messages WHERE mailbox_id = $3 AND uid = ANY($4) AND"
                        + Messages.OWNED + " ORDER BY uid")
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId, uids.toArray(new Long[0])))
                .flatMap(rows -> {
                    List<SortFields> out = new ArrayList<>(rows.size());
                    List<Row> missing = new ArrayList<>();
                    for (Row r : rows) {
                        io.vertx.mutiny.core.buffer.Buffer cached = r.getBuffer(1);
                        if (cached == null) {
                            missing.add(r);
                        } else {
                            out.add(parse(r.getLong(0), cached.getBytes()));
                        }
                    }
                    if (missing.isEmpty()) {
                        return Uni.createFrom().item(out);
                    }
                    return backfill(mailboxId, missing).map(computed -> {
                        out.addAll(computed);
                        out.sort(Comparator.comparingLong(SortFields::getUid));
                        return out;
                    });
                });
    }

    private static SortFields parse(long uid, byte[] bytes) {
        try {
            return SortFields.parseFrom(bytes).toBuilder().setUid(uid).build();
        } catch (InvalidProtocolBufferException e) {
            return SortFields.newBuilder().setUid(uid).build();
        }
    }

    /** Reads, summarizes and writes back the rows that have no sort_fields yet (one worker hop per batch). */
    private Uni<List<SortFields>> backfill(long mailboxId, List<Row> missing) {
        List<List<Row>> batches = ContentBatches.of(missing, r -> r.getLong(3), config.fetchBatchMessages(), config.fetchBatchBytes());
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> blobs.getAll(batch.stream().map(r -> r.getString(2)).toList())
                        .flatMap(contents -> Worker.offload(() -> summarize(batch, contents)))
                        .flatMap(computed -> writeBack(mailboxId, computed).replaceWith(computed)))
                .collect().in(ArrayList<SortFields>::new, List::addAll);
    }

    private static List<SortFields> summarize(List<Row> batch, Map<String, byte[]> contents) {
        List<SortFields> out = new ArrayList<>(batch.size());
        for (Row r : batch) {
            byte[] raw = contents.get(r.getString(2));
            SortFields f = raw == null ? SortFields.getDefaultInstance() : SortFieldsOf.safeOf(raw);
            out.add(f.toBuilder().setUid(r.getLong(0)).build());
        }
        return out;
    }

    private Uni<Void> writeBack(long mailboxId, List<SortFields> computed) {
        List<Tuple> tuples = new ArrayList<>(computed.size());
        for (SortFields f : computed) {
            tuples.add(Tuple.of(mailboxId, f.getUid(), Buffer.buffer(f.toBuilder().clearUid().build().toByteArray())));
        }
        return pool.preparedQuery("UPDATE mailbox.messages SET sort_fields = $3 WHERE mailbox_id = $1 AND uid = $2")
                .executeBatch(tuples).replaceWithVoid();
    }
}
