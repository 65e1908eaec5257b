package com.mailplatform.store.imap;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The one INSERT of a message row with its cached MIME summary: used by delivery and by APPEND. */
public final class MessageRows {

    private MessageRows() {
    }

    public static Uni<Void> insert(SqlConnection conn, long mailboxId, long uid, long modseq, OffsetDateTime date, long size,
                                   String blobId, List<String> flags, MimeSummary summary) {
        return conn.preparedQuery("INSERT INTO mailbox.messages (mailbox_id, uid, modseq, flags, internal_date, size, blob_id,"
                        + " envelope, bodystructure, body, sent_date, sort_fields) VALUES ($1, $2, $3, ARRAY(SELECT DISTINCT f FROM unnest($4::text[]) f ORDER BY f),"
                        + " $5, $6, $7, $8, $9, $10, $11, $12)")
                .execute(Tuple.from(new Object[]{mailboxId, uid, modseq, flags.toArray(new String[0]), date, size, blobId,
                        summary.envelope(), summary.bodystructure(), summary.body(), date(summary.sentDateMillis()),
                        Buffer.buffer(summary.sortFields().toByteArray())}))
                .replaceWithVoid();
    }

    /** Null for 0 (no usable Date: header). */
    static OffsetDateTime date(long millis) {
        return millis == 0 ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
