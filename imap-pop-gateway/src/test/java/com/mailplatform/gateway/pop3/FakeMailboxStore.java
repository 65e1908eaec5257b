package com.mailplatform.gateway.pop3;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AuthenticateReply;
import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.DeliverReply;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.ExpungeMessagesReply;
import com.mailplatform.common.grpc.mailbox.ExpungeMessagesRequest;
import com.mailplatform.common.grpc.mailbox.GetBlobRequest;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.ListMessagesReply;
import com.mailplatform.common.grpc.mailbox.ListMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.MaildropLockReply;
import com.mailplatform.common.grpc.mailbox.MaildropLockRequest;
import com.mailplatform.common.grpc.mailbox.MessageInfo;
import com.mailplatform.common.grpc.mailbox.PutBlobReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory mailbox-store answering on other threads, like the real gRPC client does. */
public final class FakeMailboxStore implements MailboxStore {

    static final long UIDVALIDITY = 0x65A1B2C3L;

    final Map<String, String> passwords = new ConcurrentHashMap<>();
    final Map<String, ConcurrentSkipListMap<Long, byte[]>> inboxes = new ConcurrentHashMap<>();
    final Map<String, String> locks = new ConcurrentHashMap<>();
    final List<List<Long>> expungeCalls = new CopyOnWriteArrayList<>();
    final AtomicInteger acquireCalls = new AtomicInteger();
    final AtomicInteger releaseCalls = new AtomicInteger();
    volatile int chunkBytes = 7;
    volatile boolean failFetch;
    /** FetchMessages breaks after the parts of the first message (a read-ahead that fails half way). */
    volatile boolean failAfterFirst;
    final List<List<Long>> fetchCalls = new CopyOnWriteArrayList<>();

    public void account(String address, String password) {
        passwords.put(address, password);
        inboxes.put(address, new ConcurrentSkipListMap<>());
    }

    void deliver(String address, long uid, String message) {
        inboxes.get(address).put(uid, message.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> Uni<T> later(T item) {
        return Uni.createFrom().item(item).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public Uni<AuthenticateReply> authenticate(AuthenticateRequest request) {
        boolean ok = request.getPassword().equals(passwords.get(request.getUsername()));
        AuthenticateReply.Builder reply = AuthenticateReply.newBuilder().setOk(ok);
        if (ok) {
            reply.setAccount(request.getUsername());
        }
        return later(reply.build());
    }

    @Override
    public Uni<ListMessagesReply> listMessages(ListMessagesRequest request) {
        ListMessagesReply.Builder reply = ListMessagesReply.newBuilder().setUidvalidity(UIDVALIDITY).setMailboxId(mailboxId(request.getAccount()));
        inboxes.get(request.getAccount()).forEach((uid, bytes) ->
                reply.addMessages(MessageInfo.newBuilder().setUid(uid).setSize(bytes.length).setInternalDateMillis(0)));
        return later(reply.build());
    }

    /**
     * The IMAP side's FetchMessages over the same inboxes (what RETR and TOP read through); every other call of
     * that service fails.
     */
    public MailboxImap imap() {
        return (MailboxImap) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MailboxImap.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fetchMessages")) {
                        return fetchMessages((FetchMessagesRequest) args[0]);
                    }
                    return method.getReturnType() == Uni.class
                            ? Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException()) : Multi.createFrom().empty();
                });
    }

    /** Section "" only, in chunks of {@code chunkBytes}; UIDs that do not exist get no part, as in the store. */
    private Multi<FetchedPart> fetchMessages(FetchMessagesRequest request) {
        fetchCalls.add(List.copyOf(request.getUidsList()));
        ConcurrentSkipListMap<Long, byte[]> inbox = inboxes.get(request.getAccount());
        if (failFetch || inbox == null || request.getMailboxId() != mailboxId(request.getAccount())) {
            return Multi.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
        }
        List<FetchedPart> parts = new ArrayList<>();
        for (long uid : request.getUidsList()) {
            byte[] bytes = inbox.get(uid);
            if (bytes == null) {
                continue;
            }
            int off = 0;
            do {
                int len = Math.min(chunkBytes, bytes.length - off);
                off += len;
                parts.add(FetchedPart.newBuilder().setUid(uid).setSection(0).setData(ByteString.copyFrom(bytes, off - len, len))
                        .setSectionEnd(off >= bytes.length).setMessageEnd(off >= bytes.length).build());
            } while (off < bytes.length);
        }
        Multi<FetchedPart> out = Multi.createFrom().iterable(parts);
        if (failAfterFirst && !parts.isEmpty()) {
            long first = parts.get(0).getUid();
            out = Multi.createBy().concatenating().streams(Multi.createFrom().iterable(parts.stream().filter(p -> p.getUid() == first).toList()),
                    // later than the first message's parts, so the failure cannot overtake them on the way
                    Uni.createFrom().item(FetchedPart.getDefaultInstance()).onItem().delayIt().by(Duration.ofMillis(300))
                            .onItem().failWith(() -> Status.UNAVAILABLE.asRuntimeException()).toMulti());
        }
        return out.emitOn(Infrastructure.getDefaultWorkerPool());
    }

    static long mailboxId(String account) {
        return Math.abs((long) account.hashCode()) + 1;
    }

    @Override
    public Uni<ExpungeMessagesReply> expungeMessages(ExpungeMessagesRequest request) {
        expungeCalls.add(List.copyOf(request.getUidsList()));
        int n = 0;
        for (long uid : request.getUidsList()) {
            if (inboxes.get(request.getAccount()).remove(uid) != null) {
                n++;
            }
        }
        return later(ExpungeMessagesReply.newBuilder().setExpunged(n).build());
    }

    @Override
    public Uni<MaildropLockReply> acquireMaildrop(MaildropLockRequest request) {
        acquireCalls.incrementAndGet();
        String holder = locks.putIfAbsent(request.getAccount(), request.getOwner());
        boolean ok = holder == null || holder.equals(request.getOwner());
        return later(MaildropLockReply.newBuilder().setAcquired(ok).build());
    }

    @Override
    public Uni<MaildropLockReply> releaseMaildrop(MaildropLockRequest request) {
        releaseCalls.incrementAndGet();
        boolean ok = locks.remove(request.getAccount(), request.getOwner());
        return later(MaildropLockReply.newBuilder().setAcquired(ok).build());
    }

    @Override
    public Uni<ResolveRecipientReply> resolveRecipient(ResolveRecipientRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Uni<DeliverReply> deliver(DeliverRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Uni<PutBlobReply> putBlob(Multi<BlobChunk> request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Multi<BlobChunk> getBlob(GetBlobRequest request) {
        return Multi.createFrom().failure(Status.UNIMPLEMENTED.withDescription("not used by POP3").asRuntimeException());
    }

    @Override
    public Uni<com.mailplatform.common.grpc.mailbox.HandoffReply> settleHandoff(com.mailplatform.common.grpc.mailbox.HandoffRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.withDescription("not used by POP3").asRuntimeException());
    }
}
