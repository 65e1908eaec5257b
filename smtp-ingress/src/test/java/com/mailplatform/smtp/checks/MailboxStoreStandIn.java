package com.mailplatform.smtp.checks;

import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.MutinyMailboxStoreGrpc;
import com.mailplatform.common.grpc.mailbox.PutBlobReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mailbox-store as smtp-ingress sees it, over real gRPC, for this module's SMTP test (the real one is another
 * application; e2e-tests run it): every address at e2e.test exists, blobs are kept in memory for the test to read.
 */
@GrpcService
public class MailboxStoreStandIn extends MutinyMailboxStoreGrpc.MailboxStoreImplBase {

    static final Map<String, byte[]> BLOBS = new ConcurrentHashMap<>();

    @Override
    public Uni<ResolveRecipientReply> resolveRecipient(ResolveRecipientRequest request) {
        String address = request.getAddress().toLowerCase();
        boolean local = address.endsWith("@e2e.test");
        // "unknown-..." in the local domain is a user that does not exist (what a harvester probes for)
        ResolveRecipientReply.Status status = !local ? ResolveRecipientReply.Status.NOT_LOCAL
                : address.startsWith("unknown-") ? ResolveRecipientReply.Status.LOCAL_UNKNOWN
                : ResolveRecipientReply.Status.LOCAL_EXISTS;
        return Uni.createFrom().item(ResolveRecipientReply.newBuilder()
                .setStatus(status)
                .setAccount(local ? request.getAddress() : "").build());
    }

    @Override
    public Uni<PutBlobReply> putBlob(Multi<BlobChunk> request) {
        return request.collect().in(ByteArrayOutputStream::new, (out, c) -> out.writeBytes(c.getData().toByteArray()))
                .map(out -> {
                    String id = UUID.randomUUID().toString();
                    BLOBS.put(id, out.toByteArray());
                    return PutBlobReply.newBuilder().setBlobId(id).setSize(out.size()).build();
                });
    }
}
