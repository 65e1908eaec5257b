package com.mailplatform.store.blob;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mailplatform.store.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Recently read blob contents, bounded by bytes. Blobs are content-addressed, so an id always names the same bytes:
 * nothing here can ever be stale, and a FETCH or RETR of a message read moments ago costs no query.
 */
@ApplicationScoped
public class BlobCache {

    private final Cache<String, byte[]> cache;
    private final int maxEntryBytes;

    @Inject
    public BlobCache(StoreConfig config) {
        this(config.blobCacheBytes());
    }

    public BlobCache(long max) {
        this.maxEntryBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(0, max / 16));
        this.cache = Caffeine.newBuilder().maximumWeight(Math.max(0, max)).weigher((String k, byte[] v) -> v.length).build();
    }

    public byte[] get(String id) {
        return cache.getIfPresent(id);
    }

    /** Keeps {@code content} unless it would take more than a sixteenth of the cache. */
    public void put(String id, byte[] content) {
        if (content.length <= maxEntryBytes) {
            cache.put(id, content);
        }
    }
}
