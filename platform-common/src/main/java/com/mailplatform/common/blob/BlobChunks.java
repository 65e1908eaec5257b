package com.mailplatform.common.blob;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.PutBlobReply;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Blob content as the stream of {@link BlobChunk}s mailbox-store's PutBlob takes and GetBlob/GetMessage give: chunks
 * keep every gRPC message under its size limit (4 MiB by default), so a message of any size streams.
 */
public final class BlobChunks {

    private BlobChunks() {
    }

    /** {@code content} in chunks of at most {@code chunkSize} bytes, in order; empty content is one empty chunk. */
    public static Multi<BlobChunk> of(byte[] content, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize);
        }
        int n = Math.max(1, (content.length + chunkSize - 1) / chunkSize);
        return Multi.createFrom().range(0, n).map(i -> BlobChunk.newBuilder()
                .setData(ByteString.copyFrom(content, i * chunkSize, Math.min(chunkSize, content.length - i * chunkSize))).build());
    }

    /** Streams {@code content} to mailbox-store's PutBlob (content-addressed: the same bytes give the same id). */
    public static Uni<PutBlobReply> upload(MailboxStore store, byte[] content, int chunkSize) {
        return store.putBlob(of(content, chunkSize));
    }
}
