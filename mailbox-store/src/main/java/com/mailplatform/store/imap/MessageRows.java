package com.mailplatform.store.imap;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * The one INSERT of a message row with its cached MIME summary and its searchable text: used by delivery and by
 * APPEND. The text goes in the same statement, so in the same transaction: a crash before the commit leaves
 * neither, after it both; there is no window in which a committed message has lost its text. (The exceptions are
 * deliberate and covered: a delivery batch past its text budget, and messages stored before V12, have no text row,
 * and the search extracts those on the fly.) COPY/MOVE need nothing: the copy shares the blob, the text is per blob.
 */
public final class MessageRows {

    private MessageRows() {
    }

    private static final String INSERT_MESSAGE = "INSERT INTO mailbox.messages (mailbox_id, uid, modseq, flags, internal_date, size, blob_id,"
            + " envelope, bodystructure, body, sent_date, sort_fields) VALUES ($1, $2, $3, ARRAY(SELECT DISTINCT f FROM unnest($4::text[]) f ORDER BY f),"
            + " $5, $6, $7, $8, $9, $10, $11, $12)";
    private static final String INSERT_WITH_TEXT = "WITH text AS (INSERT INTO mailbox.blob_texts (blob_id, header, body) VALUES ($7, $13, $14)"
            + " ON CONFLICT (blob_id) DO NOTHING) " + INSERT_MESSAGE;

    /**
     * {@code text} null: the caller knows the blob's text is written already in this transaction, or leaves it to
     * the search's fallback (imap/TextSearch extracts messages without a text on the fly and writes it back).
     */
    public static Uni<Void> insert(SqlConnection conn, long mailboxId, long uid, long modseq, OffsetDateTime date, long size,
                                   String blobId, List<String> flags, MimeSummary summary, MessageText text) {
        Object[] row = {mailboxId, uid, modseq, flags.toArray(new String[0]), date, size, blobId,
                summary.envelope(), summary.bodystructure(), summary.body(), date(summary.sentDateMillis()),
                Buffer.buffer(summary.sortFields().toByteArray())};
        if (text == null) {
            return conn.preparedQuery(INSERT_MESSAGE).execute(Tuple.from(row)).replaceWithVoid();
        }
        Object[] withText = Arrays.copyOf(row, row.length + 2);
        withText[row.length] = text.header();
        withText[row.length + 1] = text.body();
        return conn.preparedQuery(INSERT_WITH_TEXT).execute(Tuple.from(withText)).replaceWithVoid();
    }

    /** Null for 0 (no usable Date: header). */
    static OffsetDateTime date(long millis) {
        return millis == 0 ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
