package com.mailplatform.store.blob;

import io.smallrye.mutiny.Uni;

/** Where message bytes live. PostgreSQL today; the interface is what an S3 store would implement later. */
public interface BlobStore {

    /** Stores the content once per distinct content and returns its id (SHA-256, hex). */
    Uni<String> put(byte[] content);

    /** The content, or null when no blob has that id. */
    Uni<byte[]> get(String id);
}
