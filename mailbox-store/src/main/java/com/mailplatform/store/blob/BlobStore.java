package com.mailplatform.store.blob;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.Map;

/** Where message bytes live. PostgreSQL today; the interface is what an S3 store would implement later. */
public interface BlobStore {

    /** Stores the content once per distinct content and returns its id (SHA-256, hex). */
    Uni<String> put(byte[] content);

    /**
     * As {@link #put(byte[])}, inside the caller's transaction on {@code conn}: the blob commits with what refers
     * to it (one commit for an APPEND, and no orphan blob when the transaction rolls back).
     */
    Uni<String> put(SqlConnection conn, byte[] content);

    /** The content, or null when no blob has that id. */
    Uni<byte[]> get(String id);

    /** The contents of those ids that exist, in one round trip. */
    Uni<Map<String, byte[]>> getAll(Collection<String> ids);

    /**
     * As {@link #getAll}, but what is read is not kept in a cache: for background walks over many messages (the
     * text backfill), whose reads would only evict the contents readers are using.
     */
    Uni<Map<String, byte[]>> getAllUncached(Collection<String> ids);
}
