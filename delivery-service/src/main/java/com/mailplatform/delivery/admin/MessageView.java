package com.mailplatform.delivery.admin;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.queue.QueueEntry;
import com.mailplatform.common.grpc.queue.QueuedMessage;
import com.mailplatform.delivery.local.MailboxStoreCalls;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * postcat -q: a queued message's content as it sits in the blob store (headers and body, the bytes the next attempt
 * sends before DKIM signing), capped so that one reply stays under gRPC's 4 MiB message limit; a longer message is cut
 * and marked truncated. Who may see it (admin role) and the audit record are admin-api's business.
 */
@ApplicationScoped
public class MessageView {

    static final int DEFAULT_BYTES = 1024 * 1024;
    /** Below gRPC's default 4 MiB limit with room for the envelope. */
    static final int MAX_BYTES = 3 * 1024 * 1024;

    private final Pool pool;
    private final MailboxStoreCalls store;

    public MessageView(Pool pool, MailboxStoreCalls store) {
        this.pool = pool;
        this.store = store;
    }

    Uni<QueuedMessage> show(QueueEntry entry, int maxBytes) {
        return pool.preparedQuery("SELECT blob_id FROM queue.deferred WHERE queue_id = $1 LIMIT 1").execute(Tuple.of(entry.getQueueId()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(Status.NOT_FOUND.withDescription("no queue entry " + entry.getQueueId())
                                .asRuntimeException());
                    }
                    // One more byte than shown tells whether there is more, whatever the size column says.
                    return store.blobHead(rows.iterator().next().getString(0), maxBytes + 1);
                })
                .map(content -> {
                    if (content == null) {
                        throw Status.FAILED_PRECONDITION.withDescription("the content of " + entry.getQueueId()
                                + " is missing in the blob store").asRuntimeException();
                    }
                    boolean truncated = content.length > maxBytes;
                    return QueuedMessage.newBuilder().setEntry(entry).setTruncated(truncated)
                            .setContent(ByteString.copyFrom(content, 0, truncated ? maxBytes : content.length)).build();
                });
    }
}
