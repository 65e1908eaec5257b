package com.mailplatform.store.grpc;

import com.mailplatform.common.blob.BlobChunks;
import com.mailplatform.common.grpc.mailbox.AuthenticateReply;
import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.DeliverReply;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.ExpungeMessagesReply;
import com.mailplatform.common.grpc.mailbox.ExpungeMessagesRequest;
import com.mailplatform.common.grpc.mailbox.GetBlobRequest;
import com.mailplatform.common.grpc.mailbox.Handoff;
import com.mailplatform.common.grpc.mailbox.HandoffReply;
import com.mailplatform.common.grpc.mailbox.HandoffRequest;
import com.mailplatform.common.grpc.mailbox.ListMessagesReply;
import com.mailplatform.common.grpc.mailbox.ListMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.MaildropLockReply;
import com.mailplatform.common.grpc.mailbox.MaildropLockRequest;
import com.mailplatform.common.grpc.mailbox.PutBlobReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.alias.AliasDirectory;
import com.mailplatform.store.blob.BlobStore;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.delivery.DeliveryBatcher;
import com.mailplatform.store.delivery.Handoffs;
import com.mailplatform.store.delivery.Maildrop;
import com.mailplatform.store.password.CredentialCache;
import com.mailplatform.store.password.HashUpgrade;
import com.mailplatform.store.password.PasswordHasher;
import com.mailplatform.store.quota.Usage;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;

@GrpcService
public class MailboxStoreGrpcService implements MailboxStore {

    private final Pool pool;
    private final BlobStore blobs;
    private final DeliveryBatcher delivery;
    private final Maildrop maildrop;
    private final PasswordHasher hasher;
    private final StoreConfig config;
    private final AliasDirectory aliases;
    private final CredentialCache credentials;
    private final HashUpgrade upgrade;
    private final Usage usage;
    @jakarta.inject.Inject
    com.mailplatform.store.metrics.StoreMetrics storeMetrics;
    @jakarta.inject.Inject
    Handoffs handoffs;

    public MailboxStoreGrpcService(Pool pool, BlobStore blobs, DeliveryBatcher delivery, Maildrop maildrop,
                                   PasswordHasher hasher, StoreConfig config, AliasDirectory aliases, CredentialCache credentials,
                                   HashUpgrade upgrade, Usage usage) {
        this.pool = pool;
        this.blobs = blobs;
        this.delivery = delivery;
        this.maildrop = maildrop;
        this.hasher = hasher;
        this.config = config;
        this.aliases = aliases;
        this.credentials = credentials;
        this.upgrade = upgrade;
        this.usage = usage;
    }

    @Override
    public Uni<ResolveRecipientReply> resolveRecipient(ResolveRecipientRequest request) {
        AccountRef ref = AccountRef.orNull(request.getAddress());
        if (ref == null) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("not an address").asRuntimeException());
        }
        // An alias or the domain's catch-all makes a local address exist, as virtual_alias_maps does in Postfix.
        return aliases.lookup(ref).flatMap(found -> {
            ResolveRecipientReply.Builder reply = ResolveRecipientReply.newBuilder();
            return switch (found.decide().kind()) {
                case NOT_LOCAL -> Uni.createFrom().item(reply.setStatus(ResolveRecipientReply.Status.NOT_LOCAL).build());
                case ALIAS, CATCH_ALL -> Uni.createFrom().item(reply.setStatus(ResolveRecipientReply.Status.LOCAL_EXISTS).setAccount(ref.address()).build());
                // A full mailbox is refused at RCPT (452 4.2.2), as Dovecot's quota-status service lets Postfix do:
                // without SIZE= known here, "full" is "not one more byte fits" (RFC 1870 SIZE is checked at DATA).
                case ACCOUNT -> usage.fits(ref, 1).map(fits -> reply.setStatus(ResolveRecipientReply.Status.LOCAL_EXISTS)
                        .setAccount(ref.address()).setOverQuota(!fits).build());
                case DISABLED_ACCOUNT -> Uni.createFrom().item(config.disabledAccountMail() == StoreConfig.DisabledAccountMail.HOLD
                        ? reply.setStatus(ResolveRecipientReply.Status.LOCAL_EXISTS).setAccount(ref.address()).setDisabled(true).build()
                        : reply.setStatus(ResolveRecipientReply.Status.LOCAL_UNKNOWN).setDisabled(true).build());
                case UNKNOWN -> Uni.createFrom().item(reply.setStatus(ResolveRecipientReply.Status.LOCAL_UNKNOWN).build());
            };
        });
    }

    @Override
    public Uni<AuthenticateReply> authenticate(AuthenticateRequest request) {
        AccountRef ref = AccountRef.orNull(request.getUsername());
        Uni<String> stored = ref == null
                ? Uni.createFrom().nullItem()
                : pool.preparedQuery("SELECT a.password_hash FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
                                + " WHERE d.name = $1 AND a.local_part = $2 AND NOT a.disabled")
                        .execute(Tuple.of(ref.domain(), ref.localPart()))
                        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
        // The hash is read every time, so a changed password or a disabled account counts at once (CredentialCache).
        return stored.flatMap(hash -> {
                    Boolean known = ref == null ? null : credentials.verdict(ref.address(), hash, request.getPassword());
                    Uni<Boolean> verdict = known != null
                            ? Uni.createFrom().item(known)
                            : Worker.offload(() -> hasher.verify(request.getPassword(), hash))
                                    .invoke(ok -> {
                                        if (ref != null) {
                                            credentials.remember(ref.address(), hash, request.getPassword(), ok);
                                        }
                                    });
                    // an imported hash becomes {BLF-CRYPT} now that the password is known (HashUpgrade)
                    return verdict.call(ok -> ok ? upgrade.afterLogin(ref, hash, request.getPassword()) : Uni.createFrom().voidItem());
                })
                .map(ok -> ok
                        ? AuthenticateReply.newBuilder().setOk(true).setAccount(ref.address()).build()
                        : AuthenticateReply.newBuilder().setOk(false).build());
    }

    @Override
    public Uni<PutBlobReply> putBlob(Multi<BlobChunk> request) {
        long max = config.maxBlobBytes();
        return request.collect().in(ByteArrayOutputStream::new, (out, chunk) -> {
                    if (out.size() + chunk.getData().size() > max) {
                        throw Status.RESOURCE_EXHAUSTED.withDescription("blob larger than " + max + " bytes").asRuntimeException();
                    }
                    out.writeBytes(chunk.getData().toByteArray());
                })
                .flatMap(out -> {
                    byte[] content = out.toByteArray();
                    return blobs.put(content).map(id -> PutBlobReply.newBuilder().setBlobId(id).setSize(content.length).build());
                });
    }

    /** Committed together with the Deliver calls that arrive meanwhile (group commit, {@link DeliveryBatcher}). */
    @Override
    public Uni<DeliverReply> deliver(DeliverRequest request) {
        if (request.getDeliveriesCount() > 0) {
            // the gRPC server span (a child of delivery-service's call) names the message it stores
            io.opentelemetry.api.trace.Span.current().setAttribute(com.mailplatform.common.trace.QueueSpans.QUEUE_ID,
                    request.getDeliveries(0).getQueueId());
        }
        return delivery.deliver(request.getDeliveriesList())
                .invoke(storeMetrics::delivered)
                .map(results -> DeliverReply.newBuilder().addAllResults(results).build());
    }

    /** The queue id's hand-off, settled once (Handoffs). */
    @Override
    public Uni<HandoffReply> settleHandoff(HandoffRequest request) {
        if (!Handoffs.validQueueId(request.getQueueId())) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("not a queue id").asRuntimeException());
        }
        if (request.getWant() != Handoff.CLAIMED && request.getWant() != Handoff.ABANDONED) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("want must be CLAIMED or ABANDONED").asRuntimeException());
        }
        return handoffs.settle(request.getQueueId(), request.getWant() == Handoff.CLAIMED)
                .map(claimed -> HandoffReply.newBuilder().setSettled(claimed ? Handoff.CLAIMED : Handoff.ABANDONED).build());
    }

    @Override
    public Uni<ListMessagesReply> listMessages(ListMessagesRequest request) {
        return maildrop.list(ref(request.getAccount()), request.getMailbox())
                .onItem().ifNull().failWith(() -> Status.NOT_FOUND.withDescription("no such mailbox").asRuntimeException())
                .map(l -> ListMessagesReply.newBuilder().setMailboxId(l.mailboxId()).setUidvalidity(l.uidvalidity()).addAllMessages(l.messages()).build());
    }

    @Override
    public Multi<BlobChunk> getBlob(GetBlobRequest request) {
        return chunks(blobs.get(request.getBlobId())
                .onItem().ifNull().failWith(() -> Status.NOT_FOUND.withDescription("no such blob").asRuntimeException()));
    }

    private Multi<BlobChunk> chunks(Uni<byte[]> content) {
        return content.onItem().transformToMulti(bytes -> BlobChunks.of(bytes, config.chunkBytes()));
    }

    @Override
    public Uni<ExpungeMessagesReply> expungeMessages(ExpungeMessagesRequest request) {
        return maildrop.expunge(ref(request.getAccount()), request.getMailbox(), request.getUidsList())
                .map(n -> ExpungeMessagesReply.newBuilder().setExpunged(n).build());
    }

    @Override
    public Uni<MaildropLockReply> acquireMaildrop(MaildropLockRequest request) {
        return maildrop.acquire(ref(request.getAccount()), request.getOwner(), Math.max(1, request.getLeaseSeconds()))
                .map(ok -> MaildropLockReply.newBuilder().setAcquired(ok).build());
    }

    @Override
    public Uni<MaildropLockReply> releaseMaildrop(MaildropLockRequest request) {
        return maildrop.release(ref(request.getAccount()), request.getOwner())
                .map(ok -> MaildropLockReply.newBuilder().setAcquired(ok).build());
    }

    static AccountRef ref(String address) {
        AccountRef ref = AccountRef.orNull(address);
        if (ref == null) {
            throw Status.INVALID_ARGUMENT.withDescription("not an address: " + address).asRuntimeException();
        }
        return ref;
    }
}
