package com.mailplatform.store.imap;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The one INSERT of a message row with its cached MIME summary and its searchable text: used by delivery and by
 * APPEND. The text goes in the same statement, so in the same transaction: no message is ever committed without its
 * text (a crash before the commit leaves neither, after it both). COPY/MOVE need nothing: the copy shares the blob,
 * and the text is kept per blob.
 */
public final class MessageRows {

    private MessageRows() {
    }

    public static Uni<Void> insert(SqlConnection conn, long mailboxId, long uid, long modseq, OffsetDateTime date, long size,
                                   String blobId, List<String> flags, MimeSummary summary, MessageText text) {
        return conn.preparedQuery("WITH text AS (INSERT INTO mailbox.blob_texts (blob_id, header, body) VALUES ($7, $12, $13)"
                        + " ON CONFLICT (blob_id) DO NOTHING)"
                        + " INSERT INTO mailbox.messages (mailbox_id, uid, modseq, flags, internal_date, size, blob_id,"
                        + " envelope, bodystructure, body, sent_date) VALUES ($1, $2, $3, ARRAY(SELECT DISTINCT f FROM unnest($4::text[]) f ORDER BY f),"
                        + " $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.from(new Object[]{mailboxId, uid, modseq, flags.toArray(new String[0]), date, size, blobId,
                        summary.envelope(), summary.bodystructure(), summary.body(), date(summary.sentDateMillis()), text.header(), text.body()}))
                .replaceWithVoid();
    }

    /** Null for 0 (no usable Date: header). */
    static OffsetDateTime date(long millis) {
        return millis == 0 ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
