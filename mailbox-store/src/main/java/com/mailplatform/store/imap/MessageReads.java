package com.mailplatform.store.imap;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.MessageMeta;
import com.mailplatform.common.grpc.mailbox.SectionSpec;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.blob.BlobStore;
import com.mailplatform.store.delivery.AccountRef;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * FetchMessages: the one read path of IMAP FETCH and POP3 RETR/TOP. A whole UID set costs one metadata query per
 * window of UIDs and one blob query per batch of contents (bounded by count and bytes, so memory stays bounded
 * however large the set), instead of two queries and a round trip per message and section. Metadata comes from
 * the columns filled at delivery; contents from the {@link BlobStore} (and its cache).
 */
@ApplicationScoped
public class MessageReads {

    private static final Logger LOG = Logger.getLogger(MessageReads.class);

    /** One message row: what FETCH needs besides the content. */
    record Row0(long uid, String envelope, String bodystructure, String body, String blobId, long size) {

        boolean summarized() {
            return envelope != null;
        }
    }

    /** A summary computed now for a message stored before summaries were kept. */
    private record Summarized(long uid, MimeSummary summary) {
    }

    private final Pool pool;
    private final BlobStore blobs;
    private final StoreConfig config;

    public MessageReads(Pool pool, BlobStore blobs, StoreConfig config) {
        this.pool = pool;
        this.blobs = blobs;
        this.config = config;
    }

    public Multi<FetchedPart> fetch(AccountRef ref, long mailboxId, List<Long> uids, boolean meta, List<SectionSpec> sections) {
        List<Long> sorted = new ArrayList<>(new TreeSet<>(uids));
        // without contents a row is small: larger windows, fewer queries
        int window = Math.max(1, sections.isEmpty() ? config.fetchBatchMessages() * 16 : config.fetchBatchMessages());
        List<List<Long>> windows = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += window) {
            windows.add(sorted.subList(i, Math.min(sorted.size(), i + window)));
        }
        return Multi.createFrom().iterable(windows)
                .onItem().transformToMultiAndConcatenate(w -> rows(ref, mailboxId, w)
                        .onItem().transformToMulti(rows -> Multi.createFrom().iterable(batches(rows, meta, sections)))
                        .onItem().transformToUniAndConcatenate(batch -> parts(mailboxId, batch, meta, sections))
                        .onItem().transformToIterable(list -> list));
    }

    private Uni<List<Row0>> rows(AccountRef ref, long mailboxId, List<Long> uids) {
        return pool.preparedQuery("SELECT uid, envelope, bodystructure, body, blob_id, size FROM mailbox.messages WHERE mailbox_id = $3"
                        + " AND uid = ANY($4) AND" + Messages.OWNED + " ORDER BY uid")
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId, uids.toArray(new Long[0])))
                .map(rs -> {
                    List<Row0> out = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        out.add(new Row0(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5)));
                    }
                    return out;
                });
    }

    private List<List<Row0>> batches(List<Row0> rows, boolean meta, List<SectionSpec> sections) {
        return ContentBatches.of(rows, r -> needsContent(r, meta, sections) ? r.size() : 0, config.fetchBatchMessages(), config.fetchBatchBytes());
    }

    private static boolean needsContent(Row0 r, boolean meta, List<SectionSpec> sections) {
        return !sections.isEmpty() || (meta && !r.summarized());
    }

    private Uni<List<FetchedPart>> parts(long mailboxId, List<Row0> batch, boolean meta, List<SectionSpec> sections) {
        List<String> ids = new ArrayList<>();
        for (Row0 r : batch) {
            if (needsContent(r, meta, sections)) {
                ids.add(r.blobId());
            }
        }
        Uni<Map<String, byte[]>> contents = ids.isEmpty() ? Uni.createFrom().item(Map.of()) : blobs.getAll(ids);
        return contents.flatMap(found -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(render(batch, found, meta, sections, List.of()));
            }
            // section extraction and MIME parsing are CPU work: one worker hop per batch, not per message
            List<Summarized> summarized = new ArrayList<>();
            return Worker.offload(() -> render(batch, found, meta, sections, summarized))
                    .flatMap(parts -> writeBack(mailboxId, summarized).replaceWith(parts));
        });
    }

    /**
     * The parts of every message of a batch. A message whose content is missing (it should never be) is left out,
     * as an expunged one is. Rows summarized here for the first time (stored before summaries existed) are added
     * to {@code summarized} with their new summary, to be written back.
     */
    private List<FetchedPart> render(List<Row0> batch, Map<String, byte[]> contents, boolean meta, List<SectionSpec> sections,
                                     List<Summarized> summarized) {
        List<FetchedPart> out = new ArrayList<>();
        int chunk = Math.max(1, config.chunkBytes());
        for (Row0 r : batch) {
            byte[] raw = contents.get(r.blobId());
            if (needsContent(r, meta, sections) && raw == null) {
                LOG.errorf("message uid %d has no content (blob %s)", r.uid(), r.blobId());
                continue;
            }
            Row0 row = r;
            if (meta && !r.summarized()) {
                MimeSummary s = MimeSummary.safeOf(raw);
                row = new Row0(r.uid(), s.envelope(), s.bodystructure(), s.body(), r.blobId(), r.size());
                summarized.add(new Summarized(r.uid(), s));
            }
            FetchedPart.Builder first = FetchedPart.newBuilder().setUid(r.uid()).setSection(-1);
            if (meta) {
                first.setMeta(MessageMeta.newBuilder().setUid(r.uid()).setEnvelope(row.envelope()).setBodystructure(row.bodystructure())
                        .setBody(row.body()));
            }
            if (sections.isEmpty()) {
                out.add(first.setMessageEnd(true).build());
                continue;
            }
            FetchedPart.Builder next = first;
            for (int i = 0; i < sections.size(); i++) {
                SectionSpec spec = sections.get(i);
                byte[] data = SectionExtractor.extract(raw, spec.getSection(), spec.getHeaderFieldsList());
                if (data == null) {
                    // a part that does not exist is empty (RFC 9051 section 6.4.5 leaves it to the server)
                    data = new byte[0];
                }
                int off = 0;
                do {
                    int len = Math.min(chunk, data.length - off);
                    // contents are never modified once read (they may sit in the cache): no copy needed
                    ByteString bytes = UnsafeByteOperations.unsafeWrap(data, off, len);
                    off += len;
                    boolean sectionEnd = off >= data.length;
                    out.add(next.setSection(i).setData(bytes).setSectionEnd(sectionEnd)
                            .setMessageEnd(sectionEnd && i == sections.size() - 1).build());
                    next = FetchedPart.newBuilder().setUid(r.uid());
                } while (off < data.length);
            }
        }
        return out;
    }

    /** Stores the summaries computed for messages delivered before summaries were kept, so it happens once. */
    private Uni<Void> writeBack(long mailboxId, List<Summarized> summarized) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Summarized r : summarized) {
            MimeSummary s = r.summary();
            chain = chain.flatMap(v -> pool.preparedQuery("UPDATE mailbox.messages SET envelope = $3, bodystructure = $4, body = $5,"
                            + " sent_date = $6 WHERE mailbox_id = $1 AND uid = $2")
                    .execute(Tuple.from(new Object[]{mailboxId, r.uid(), s.envelope(), s.bodystructure(), s.body(), MessageRows.date(s.sentDateMillis())}))
                    .replaceWithVoid());
        }
        return chain;
    }
}
