package com.mailplatform.delivery;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.DeliverReply;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.GetBlobRequest;
import com.mailplatform.common.grpc.mailbox.Handoff;
import com.mailplatform.common.grpc.mailbox.HandoffReply;
import com.mailplatform.common.grpc.mailbox.HandoffRequest;
import com.mailplatform.common.grpc.mailbox.MutinyMailboxStoreGrpc;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mailbox-store's side of the contract as delivery-service sees it, served on the test's own gRPC port: addresses
 * in {@value #LOCAL_DOMAIN} are local accounts, every Deliver call is recorded, hand-offs are settled in
 * {@link #HANDOFFS}, and an address in {@link #overQuota} answers OVER_QUOTA, one in {@link #unavailable} fails the call as a store that is away. delivery-service cannot run the real mailbox-store (an app module); what the store does with
 * a Delivery (Junk, the INBOX fallback) is proven against the real store in mailbox-store's MailboxImapGrpcTest.
 * Expand is served by {@link RecordingAliases}.
 */
@GrpcService
public class RecordingMailboxStore extends MutinyMailboxStoreGrpc.MailboxStoreImplBase {

    public static final String LOCAL_DOMAIN = "local.test";

    public static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    public static final Set<String> overQuota = ConcurrentHashMap.newKeySet();
    public static final Set<String> unavailable = ConcurrentHashMap.newKeySet();
    private static final AtomicLong UIDS = new AtomicLong();
    /** Blob contents by id, for GetBlob (remote delivery reads the message from the store). */
    public static final Map<String, byte[]> BLOBS = new ConcurrentHashMap<>();

    @Override
    public Uni<ResolveRecipientReply> resolveRecipient(ResolveRecipientRequest request) {
        String address = request.getAddress().toLowerCase(Locale.ROOT);
        if (address.startsWith("invalid-")) {
            // what mailbox-store answers for text it does not take for an address
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("not an address").asRuntimeException());
        }
        boolean local = address.endsWith("@" + LOCAL_DOMAIN);
        return Uni.createFrom().item(ResolveRecipientReply.newBuilder()
                .setStatus(local ? ResolveRecipientReply.Status.LOCAL_EXISTS : ResolveRecipientReply.Status.NOT_LOCAL)
                .setAccount(local ? address : "").build());
    }

    /** Hand-offs as mailbox-store's Handoffs settles them: the first ask per queue id wins. */
    public static final Map<String, Handoff> HANDOFFS = new ConcurrentHashMap<>();

    @Override
    public Uni<HandoffReply> settleHandoff(HandoffRequest request) {
        return Uni.createFrom().item(HandoffReply.newBuilder()
                .setSettled(HANDOFFS.computeIfAbsent(request.getQueueId(), q -> request.getWant())).build());
    }

    @Override
    public Uni<DeliverReply> deliver(DeliverRequest request) {
        if (request.getDeliveriesList().stream().anyMatch(d -> unavailable.contains(d.getRecipient()))) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("store away").asRuntimeException());
        }
        DeliverReply.Builder reply = DeliverReply.newBuilder();
        for (Delivery d : request.getDeliveriesList()) {
            DELIVERIES.add(d);
            boolean full = overQuota.contains(d.getRecipient());
            reply.addResults(DeliveryResult.newBuilder().setRecipient(d.getRecipient())
                    .setStatus(full ? DeliveryResult.Status.OVER_QUOTA : DeliveryResult.Status.DELIVERED)
                    .setUid(full ? 0 : UIDS.incrementAndGet()));
        }
        return Uni.createFrom().item(reply.build());
    }

    @Override
    public Multi<BlobChunk> getBlob(GetBlobRequest request) {
        byte[] blob = BLOBS.get(request.getBlobId());
        return blob == null ? Multi.createFrom().failure(Status.NOT_FOUND.asRuntimeException())
                : Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFrom(blob)).build());
    }

    /** Where Bouncer stores its DSNs. */
    @Override
    public Uni<com.mailplatform.common.grpc.mailbox.PutBlobReply> putBlob(Multi<BlobChunk> request) {
        return request.collect().in(java.io.ByteArrayOutputStream::new, (out, c) -> out.writeBytes(c.getData().toByteArray()))
                .map(out -> {
                    String id = "dsn-" + UIDS.incrementAndGet();
                    BLOBS.put(id, out.toByteArray());
                    return com.mailplatform.common.grpc.mailbox.PutBlobReply.newBuilder().setBlobId(id).setSize(out.size()).build();
                });
    }

    /** The Deliver calls made for one queue id, in order. */
    public static List<Delivery> of(String queueId) {
        return DELIVERIES.stream().filter(d -> d.getQueueId().equals(queueId)).toList();
    }
}
