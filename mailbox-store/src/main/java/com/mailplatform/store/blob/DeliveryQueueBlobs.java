package com.mailplatform.store.blob;

import com.mailplatform.common.grpc.queue.BlobIdChunk;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.QueuedBlobIdsRequest;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Asks delivery-service, which owns the queue schema, rather than reading its tables (ARCHITECTURE.md). */
@ApplicationScoped
public class DeliveryQueueBlobs implements QueuedBlobs {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final QueueAdmin queue;

    public DeliveryQueueBlobs(@GrpcClient("delivery-service") QueueAdmin queue) {
        this.queue = queue;
    }

    @Override
    public Uni<Set<String>> blobIds() {
        return queue.queuedBlobIds(QueuedBlobIdsRequest.getDefaultInstance())
                .collect().in(HashSet::new, (Set<String> ids, BlobIdChunk chunk) -> ids.addAll(chunk.getBlobIdsList()))
                .ifNoItem().after(DEADLINE).fail();
    }
}
