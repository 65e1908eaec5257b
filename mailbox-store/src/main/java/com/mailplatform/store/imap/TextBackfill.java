package com.mailplatform.store.imap;

import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.blob.BlobStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Fills in the search texts (blob_texts) of messages stored before V12, in the background, so that a folder's first
 * SEARCH BODY/TEXT does not have to extract them all on the fly (TextSearch's fallback: 108 s for 100k messages).
 * <p>
 * It walks the blobs by id (their primary key) with a cursor kept in memory: each round looks at the next
 * {@link #SCAN} blobs, takes at most a batch of those that a message references and that have no text, reads them
 * (uncached), extracts their texts on a worker thread and inserts them. Each round is two short autocommit
 * statements per content batch; no row lock is held across the extraction. Once a whole pass has written nothing,
 * it stops for the life of the process: new mail is indexed at delivery and APPEND (MessageRows), and the rare
 * message without one (a delivery past its text budget) is left to the search's fallback.
 * <p>
 * Several replicas need no coordination: each starts its pass at a random point of the (SHA-256, uniform) id space
 * and wraps around, so they mostly work on different blobs, and where they meet the insert's ON CONFLICT DO NOTHING
 * makes the overlap a wasted extraction, never an error. A blob collected meanwhile is skipped (TextSearch.WRITE_BACK).
 */
@ApplicationScoped
public class TextBackfill {

    private static final Logger LOG = Logger.getLogger(TextBackfill.class);
    /** Blobs one round looks at: index probes only, when they all have texts. */
    static final int SCAN = 10_000;

    /**
     * The window of the next SCAN ids after $1 (and up to $4 on the pass's second leg), its blobs still needing a
     * text (at most $3), and a last row with the window's highest id (null: the window is empty, the leg is over).
     */
    private static final String WINDOW = "WITH w AS MATERIALIZED (SELECT id, size FROM mailbox.blobs WHERE id > $1%s ORDER BY id LIMIT $2),"
            + " todo AS (SELECT w.id, w.size FROM w WHERE EXISTS (SELECT 1 FROM mailbox.messages m WHERE m.blob_id = w.id)"
            + "   AND NOT EXISTS (SELECT 1 FROM mailbox.blob_texts t WHERE t.blob_id = w.id) ORDER BY w.id LIMIT $3)"
            + " SELECT id, size, true FROM todo UNION ALL SELECT max(id), 0, false FROM w";
    private static final String TO_END = String.format(WINDOW, "");
    private static final String UP_TO = String.format(WINDOW, " AND id <= $4");

    /** What one round did: texts written, and whether the backfill is complete (a whole pass wrote none). */
    public record Round(int written, boolean complete) {
    }

    private final Pool pool;
    private final BlobStore blobs;
    private final StoreConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    // One round at a time (the timer skips a tick while one runs; tests call it in sequence): no two threads at once.
    /** Where every pass starts; the first leg goes from here to the end, the second from the beginning up to here. */
    private final String start;
    private volatile String cursor;
    private volatile boolean secondLeg;
    private volatile int writtenThisPass;
    private volatile boolean complete;

    @Inject
    public TextBackfill(Pool pool, BlobStore blobs, StoreConfig config) {
        this(pool, blobs, config, HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(256)));
    }

    /** {@code start}: the id after which each pass begins (tests: "" for one leg over everything). */
    public TextBackfill(Pool pool, BlobStore blobs, StoreConfig config, String start) {
        this.pool = pool;
        this.blobs = blobs;
        this.config = config;
        this.start = start;
        this.cursor = start;
        // a pass from the very beginning has no second leg
        this.secondLeg = start.isEmpty();
    }

    void schedule(@Observes StartupEvent started, Vertx vertx) {
        StoreConfig.TextBackfill c = config.textBackfill();
        long every = c.interval().toMillis();
        if (!c.enabled() || every <= 0) {
            return;
        }
        vertx.setPeriodic(every, id -> {
            // a slow round is never overlapped by the next one
            if (running.compareAndSet(false, true)) {
                round(c.batchSize())
                        .onTermination().invoke(() -> running.set(false))
                        .subscribe().with(r -> {
                            if (r.complete()) {
                                vertx.cancelTimer(id);
                            }
                        }, e -> LOG.warnf("text backfill round failed: %s", e.toString()));
            }
        });
    }

    /** One round: at most {@code batchSize} texts extracted and written. Once complete, does nothing. */
    public Uni<Round> round(int batchSize) {
        if (complete) {
            return Uni.createFrom().item(new Round(0, true));
        }
        int n = Math.max(1, batchSize);
        Tuple args = secondLeg ? Tuple.of(cursor, SCAN, n, start) : Tuple.of(cursor, SCAN, n);
        return pool.preparedQuery(secondLeg ? UP_TO : TO_END).execute(args).flatMap(rows -> {
            List<Row> todo = new ArrayList<>();
            String windowEnd = null;
            for (Row r : rows) {
                if (r.getBoolean(2)) {
                    todo.add(r);
                } else {
                    windowEnd = r.getString(0);
                }
            }
            String next = todo.size() == n ? todo.get(n - 1).getString(0) : windowEnd;
            return fill(todo).map(written -> advance(next, written));
        });
    }

    /** Moves the cursor past what this round looked at; ends the leg, the pass, or the whole backfill. */
    private Round advance(String next, int written) {
        writtenThisPass += written;
        if (next != null) {
            cursor = next;
            return new Round(written, false);
        }
        if (!secondLeg) {
            secondLeg = true;
            cursor = "";
            return new Round(written, false);
        }
        int pass = writtenThisPass;
        if (pass == 0) {
            complete = true;
            LOG.info("text backfill complete: every stored message has its search text");
        } else {
            // texts written behind the cursor meanwhile cannot be missed, but a failed batch could: once more
            LOG.infof("text backfill: %d search texts written in this pass", pass);
            writtenThisPass = 0;
            cursor = start;
            secondLeg = start.isEmpty();
        }
        return new Round(written, complete);
    }

    /** Extracts and writes the texts of {@code todo}, a content batch at a time; the number written. */
    private Uni<Integer> fill(List<Row> todo) {
        if (todo.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int maxChars = config.searchTextMaxChars();
        return Multi.createFrom().iterable(ContentBatches.of(todo, r -> r.getLong(1), config.fetchBatchMessages(), config.fetchBatchBytes()))
                .onItem().transformToUniAndConcatenate(batch -> blobs.getAllUncached(batch.stream().map(r -> r.getString(0)).toList())
                        .flatMap(contents -> Worker.offload(() -> {
                            Map<String, MessageText> texts = new LinkedHashMap<>();
                            contents.forEach((id, raw) -> texts.put(id, MessageText.safeOf(raw, maxChars)));
                            return texts;
                        }))
                        .flatMap(this::write))
                .collect().in(() -> new int[1], (sum, w) -> sum[0] += w)
                .map(sum -> sum[0]);
    }

    /** A batch that fails is logged and left for the next pass (or the search's fallback). */
    private Uni<Integer> write(Map<String, MessageText> texts) {
        if (texts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] ids = texts.keySet().toArray(new String[0]);
        String[] headers = texts.values().stream().map(MessageText::header).toArray(String[]::new);
        String[] bodies = texts.values().stream().map(MessageText::body).toArray(String[]::new);
        return pool.preparedQuery(TextSearch.WRITE_BACK).execute(Tuple.of(ids, headers, bodies))
                .map(rows -> rows.rowCount())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("text backfill: could not store the search text of %d messages: %s", ids.length, e.toString());
                    return 0;
                });
    }
}
