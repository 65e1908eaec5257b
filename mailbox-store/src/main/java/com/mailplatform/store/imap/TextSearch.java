package com.mailplatform.store.imap;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * SEARCH BODY and TEXT (RFC 9051 section 6.4.4: case-insensitive substring of the body, or of header and body) from
 * the extracted text (blob_texts, imap/MessageText) and its trigram indexes: the index narrows the candidates and
 * PostgreSQL's LIKE on the stored lower-case text decides, so the answer is exact, not approximate.
 * <p>
 * Messages stored before texts were kept (V12) have no text yet: they are extracted and matched here, a batch at a
 * time, and their texts written back, so a folder is indexed by its first search (lazy backfill; no migration
 * rewrites or locks the message table; TextBackfill fills them in the background meanwhile). They are looked up before the indexed query: a text, once written, stays
 * as long as its message, so no message can be missed by both.
 */
@ApplicationScoped
public class TextSearch {

    private static final Logger LOG = Logger.getLogger(TextSearch.class);

    private static final String HITS = "SELECT m.uid FROM mailbox.messages m JOIN mailbox.blob_texts t ON t.blob_id = m.blob_id"
            + " WHERE m.mailbox_id = $3 AND" + Messages.OWNED + " AND ";
    private static final String HITS_BODY = HITS + "t.body LIKE $4";
    private static final String HITS_TEXT = HITS + "(t.body LIKE $4 OR t.header LIKE $4)";
    private static final String UNINDEXED = "SELECT m.uid, m.blob_id, m.size FROM mailbox.messages m WHERE m.mailbox_id = $3 AND"
            + Messages.OWNED + " AND NOT EXISTS (SELECT 1 FROM mailbox.blob_texts t WHERE t.blob_id = m.blob_id) ORDER BY m.uid";
    /**
     * A blob removed meanwhile (its message expunged, then collected) is skipped rather than failing the search. Also
     * the statement of the background backfill (TextBackfill).
     */
    static final String WRITE_BACK = "INSERT INTO mailbox.blob_texts (blob_id, header, body)"
            + " SELECT u.id, u.h, u.b FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, h, b)"
            + " WHERE EXISTS (SELECT 1 FROM mailbox.blobs WHERE id = u.id) ON CONFLICT (blob_id) DO NOTHING";

    private final Pool pool;
    private final BlobStore blobs;
    private final StoreConfig config;

    public TextSearch(Pool pool, BlobStore blobs, StoreConfig config) {
        this.pool = pool;
        this.blobs = blobs;
        this.config = config;
    }

    /** The UIDs among {@code uids} whose body ({@code withHeader}: header or body) contains {@code needle}, ascending. */
    public Uni<List<Long>> search(AccountRef ref, long mailboxId, List<Long> uids, boolean withHeader, String needle) {
        String folded = needle.toLowerCase(Locale.ROOT);
        Set<Long> wanted = new HashSet<>(uids);
        Set<Long> hits = new TreeSet<>();
        return pool.preparedQuery(UNINDEXED).execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId))
                .flatMap(rows -> {
                    List<Row> pending = new ArrayList<>();
                    rows.forEach(r -> {
                        if (wanted.contains(r.getLong(0))) {
                            pending.add(r);
                        }
                    });
                    return scan(pending, withHeader, folded);
                })
                .flatMap(scanned -> {
                    hits.addAll(scanned);
                    return pool.preparedQuery(withHeader ? HITS_TEXT : HITS_BODY)
                            .execute(Tuple.of(ref.domain(), ref.localPart(), mailboxId, "%" + likeEscape(folded) + "%"));
                })
                .map(rows -> {
                    rows.forEach(r -> {
                        if (wanted.contains(r.getLong(0))) {
                            hits.add(r.getLong(0));
                        }
                    });
                    return List.copyOf(hits);
                });
    }

    /** Extracts, matches and writes back the texts of messages not indexed yet, a batch of contents at a time. */
    private Uni<List<Long>> scan(List<Row> pending, boolean withHeader, String folded) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int maxChars = config.searchTextMaxChars();
        List<List<Row>> batches = ContentBatches.of(pending, r -> r.getLong(2), config.fetchBatchMessages(), config.fetchBatchBytes());
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> blobs.getAll(batch.stream().map(r -> r.getString(1)).distinct().toList())
                        .flatMap(contents -> Worker.offload(() -> {
                            Map<String, MessageText> texts = new LinkedHashMap<>();
                            contents.forEach((id, raw) -> texts.put(id, MessageText.safeOf(raw, maxChars)));
                            List<Long> matched = new ArrayList<>();
                            for (Row r : batch) {
                                MessageText t = texts.get(r.getString(1));
                                if (t != null && (t.body().contains(folded) || (withHeader && t.header().contains(folded)))) {
                                    matched.add(r.getLong(0));
                                }
                            }
                            return new Scanned(matched, texts);
                        }))
                        .flatMap(s -> writeBack(s.texts()).replaceWith(s.matched())))
                .collect().in(ArrayList<Long>::new, List::addAll);
    }

    private record Scanned(List<Long> matched, Map<String, MessageText> texts) {
    }

    /** Best effort: a text not written now is extracted again by the next search. */
    private Uni<Void> writeBack(Map<String, MessageText> texts) {
        if (texts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = texts.keySet().toArray(new String[0]);
        String[] headers = texts.values().stream().map(MessageText::header).toArray(String[]::new);
        String[] bodies = texts.values().stream().map(MessageText::body).toArray(String[]::new);
        return pool.preparedQuery(WRITE_BACK).execute(Tuple.of(ids, headers, bodies))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf(e, "could not store the search text of %d messages", ids.length);
                    return Uni.createFrom().voidItem();
                });
    }

    /** LIKE's wildcards and its default escape character taken literally. */
    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
