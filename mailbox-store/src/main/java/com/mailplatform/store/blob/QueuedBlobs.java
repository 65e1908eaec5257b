package com.mailplatform.store.blob;

import io.smallrye.mutiny.Uni;
import java.util.Set;

/** The blob ids the mail queue (delivery-service's, not ours to read) still needs; fails when it cannot tell. */
public interface QueuedBlobs {

    Uni<Set<String>> blobIds();
}
