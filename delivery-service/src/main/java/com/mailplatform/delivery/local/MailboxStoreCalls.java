package com.mailplatform.delivery.local;

import com.mailplatform.common.blob.BlobChunks;
import com.mailplatform.common.grpc.mailbox.ExpandRequest;
import com.mailplatform.common.grpc.mailbox.GetBlobRequest;
import com.mailplatform.common.grpc.mailbox.Handoff;
import com.mailplatform.common.grpc.mailbox.HandoffRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAliases;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.PutBlobReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.delivery.DeliveryConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** The questions delivery-service asks mailbox-store besides Deliver: who is local, aliases, and blob content. */
@ApplicationScoped
public class MailboxStoreCalls {

    /** Chunk size for PutBlob; gRPC's default message limit is 4 MiB. */
    private static final int CHUNK = 256 * 1024;

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    @GrpcClient("mailbox-store")
    MailboxAliases aliases;

    @Inject
    DeliveryConfig config;

    public Uni<ResolveRecipientReply> resolve(String address) {
        return store.resolveRecipient(ResolveRecipientRequest.newBuilder().setAddress(address).build())
                .ifNoItem().after(config.storeTimeout()).fail();
    }

    /**
     * Claims the message's hand-off from smtp-ingress (mailbox.proto SettleHandoff): true when delivery-service has
     * it, false when the ingress abandoned it first (it answered 451; the client sends it again). A store without
     * SettleHandoff (older, during a rolling upgrade), or a queue id it refuses, cannot have been abandoned: claimed.
     * Other failures fail, and the broker message is handed back for later.
     */
    public Uni<Boolean> claim(String queueId) {
        return store.settleHandoff(HandoffRequest.newBuilder().setQueueId(queueId).setWant(Handoff.CLAIMED).build())
                .ifNoItem().after(config.storeTimeout()).fail()
                .map(r -> r.getSettled() != Handoff.ABANDONED)
                .onFailure(e -> e instanceof StatusRuntimeException s && (s.getStatus().getCode() == Status.Code.UNIMPLEMENTED
                        || s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT))
                .recoverWithItem(true);
    }

    /** mailbox-store's answer for text that is not an address: permanent, asking again cannot change it. */
    public static boolean invalidArgument(Throwable e) {
        return e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT;
    }

    /**
     * Aliases and forwards (virtual_alias_maps), expanded by their owner. A store that does not implement Expand
     * yet, or an address it calls invalid, expands to itself.
     */
    public Uni<List<String>> expand(String address) {
        return aliases.expand(ExpandRequest.newBuilder().setAddress(address).build())
                .ifNoItem().after(config.storeTimeout()).fail()
                .map(r -> r.getRecipientsList().isEmpty() ? List.of(address) : List.copyOf(r.getRecipientsList()))
                .onFailure(e -> e instanceof StatusRuntimeException s
                        && (s.getStatus().getCode() == Status.Code.UNIMPLEMENTED || s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT))
                .recoverWithItem(List.of(address));
    }

    /** The blob's bytes, or null when the store has no such blob. */
    public Uni<byte[]> blob(String blobId) {
        return store.getBlob(GetBlobRequest.newBuilder().setBlobId(blobId).build())
                .collect().in(ByteArrayOutputStream::new, (out, c) -> out.writeBytes(c.getData().toByteArray()))
                .ifNoItem().after(config.storeTimeout()).fail()
                .map(ByteArrayOutputStream::toByteArray)
                .onFailure(e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND)
                .recoverWithNull();
    }

    /**
     * The blob's first {@code max} bytes (or all of it when shorter), or null when the store has no such blob. Chunks
     * after the limit are not asked for (the stream is cancelled), so a large message is never loaded whole.
     */
    public Uni<byte[]> blobHead(String blobId, int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return store.getBlob(GetBlobRequest.newBuilder().setBlobId(blobId).build())
                .select().first(c -> out.size() < max)
                .collect().in(() -> out, (o, c) -> o.writeBytes(c.getData().toByteArray()))
                .ifNoItem().after(config.storeTimeout()).fail()
                .map(o -> {
                    byte[] all = o.toByteArray();
                    return all.length <= max ? all : java.util.Arrays.copyOf(all, max);
                })
                .onFailure(e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND)
                .recoverWithNull();
    }

    public Uni<PutBlobReply> putBlob(byte[] content) {
        return BlobChunks.upload(store, content, CHUNK)
                .ifNoItem().after(config.storeTimeout()).fail();
    }
}
