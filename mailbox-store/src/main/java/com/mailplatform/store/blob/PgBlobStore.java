package com.mailplatform.store.blob;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class PgBlobStore implements BlobStore {

    private final Pool pool;
    private final BlobCache cache;

    public PgBlobStore(Pool pool, BlobCache cache) {
        this.pool = pool;
        this.cache = cache;
    }

    public static String idOf(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Uni<String> put(byte[] content) {
        return put(pool, content);
    }

    @Override
    public Uni<String> put(SqlConnection conn, byte[] content) {
        return put((SqlClient) conn, content);
    }

    private static Uni<String> put(SqlClient client, byte[] content) {
        String id = idOf(content);
        // Content already stored gets its last_put_at refreshed, under the row's lock: whoever PUT it is about to
        // reference it, and the collector (BlobCollector) must see that. Were it deleted in the same instant, the
        // insert waits for that DELETE to commit and then stores the content afresh.
        return client.preparedQuery("INSERT INTO mailbox.blobs (id, size, content) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (id) DO UPDATE SET last_put_at = now()")
                .execute(Tuple.of(id, (long) content.length, Buffer.buffer(content)))
                .replaceWith(id);
    }

    @Override
    public Uni<byte[]> get(String id) {
        byte[] cached = cache.get(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.preparedQuery("SELECT content FROM mailbox.blobs WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    byte[] content = it.next().getBuffer(0).getBytes();
                    cache.put(id, content);
                    return content;
                });
    }

    @Override
    public Uni<Map<String, byte[]>> getAll(Collection<String> ids) {
        return getAll(ids, true);
    }

    @Override
    public Uni<Map<String, byte[]>> getAllUncached(Collection<String> ids) {
        return getAll(ids, false);
    }

    private Uni<Map<String, byte[]>> getAll(Collection<String> ids, boolean keep) {
        Map<String, byte[]> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            byte[] cached = cache.get(id);
            if (cached != null) {
                found.put(id, cached);
            } else if (!found.containsKey(id) && !missing.contains(id)) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return pool.preparedQuery("SELECT id, content FROM mailbox.blobs WHERE id = ANY($1)")
                .execute(Tuple.of(missing.toArray(new String[0])))
                .map(rows -> {
                    for (Row r : rows) {
                        byte[] content = r.getBuffer(1).getBytes();
                        if (keep) {
                            cache.put(r.getString(0), content);
                        }
                        found.put(r.getString(0), content);
                    }
                    return found;
                });
    }
}
