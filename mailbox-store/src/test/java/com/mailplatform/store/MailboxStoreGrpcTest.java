package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeleteAccountRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.ExpungeMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.GetAccountRequest;
import com.mailplatform.common.grpc.mailbox.Handoff;
import com.mailplatform.common.grpc.mailbox.HandoffRequest;
import com.mailplatform.common.grpc.mailbox.ListAccountsRequest;
import com.mailplatform.common.grpc.mailbox.ListMessagesReply;
import com.mailplatform.common.grpc.mailbox.ListMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.MaildropLockRequest;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.common.grpc.mailbox.SectionSpec;
import com.mailplatform.common.grpc.mailbox.SetPasswordRequest;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.delivery.DeliveryBatcher;
import com.mailplatform.store.delivery.Handoffs;
import com.mailplatform.store.password.PasswordHasher;
import com.mailplatform.testsupport.SharedInfraResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class MailboxStoreGrpcTest {

    static final Duration T = Duration.ofSeconds(20);

    @GrpcClient("store")
    MailboxStore store;

    @GrpcClient("store")
    MailboxAdmin admin;

    @GrpcClient("store")
    MailboxImap imap;

    @Inject
    Pool pool;

    @Inject
    DeliveryBatcher batcher;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    PasswordHasher hasher;

    @Inject
    Handoffs handoffs;

    /** Delivery, POP3 expunge and account deletion keep the folder counters (V6 triggers) right. */
    @AfterEach
    void folderCountersMatchTheMessages() {
        CounterCheck.assertCountersMatch(pool);
    }

    private String newDomain() {
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        return domain;
    }

    private void newAccount(String address, String password) {
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(address).setPassword(password).build()).await().atMost(T);
    }

    private String putBlob(byte[] content) {
        Multi<BlobChunk> chunks = Multi.createFrom().items(
                BlobChunk.newBuilder().setData(ByteString.copyFrom(content, 0, content.length / 2)).build(),
                BlobChunk.newBuilder().setData(ByteString.copyFrom(content, content.length / 2, content.length - content.length / 2)).build());
        return store.putBlob(chunks).await().atMost(T).getBlobId();
    }

    @Test
    void resolvesRecipientsAtRcptTime() {
        String domain = newDomain();
        newAccount("Alice@" + domain, "secret-password");
        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, resolve("alice@" + domain.toUpperCase()).getStatus());
        assertEquals("alice@" + domain, resolve("ALICE@" + domain).getAccount());
        assertEquals(ResolveRecipientReply.Status.LOCAL_UNKNOWN, resolve("bob@" + domain).getStatus());
        assertEquals(ResolveRecipientReply.Status.NOT_LOCAL, resolve("alice@elsewhere.example").getStatus());
    }

    /**
     * SettleHandoff: the first ask per queue id wins, whichever side asks, and every later ask gets that answer;
     * concurrent first asks all get one answer. A hostile queue id or no want is refused. Old rows are forgotten.
     */
    @Test
    void handoffsAreSettledOncePerQueueId() throws Exception {
        String claimedFirst = "HQ" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        assertEquals(Handoff.CLAIMED, settle(claimedFirst, Handoff.CLAIMED));
        assertEquals(Handoff.CLAIMED, settle(claimedFirst, Handoff.ABANDONED), "the ingress learns delivery-service has it");
        assertEquals(Handoff.CLAIMED, settle(claimedFirst, Handoff.CLAIMED), "a redelivery claims again");
        String abandonedFirst = "HQ" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        assertEquals(Handoff.ABANDONED, settle(abandonedFirst, Handoff.ABANDONED));
        assertEquals(Handoff.ABANDONED, settle(abandonedFirst, Handoff.CLAIMED), "delivery-service learns it must drop it");

        // Both sides at once, many times: every queue id gets one answer for both.
        for (int i = 0; i < 20; i++) {
            String qid = "HR" + i + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            var claim = store.settleHandoff(HandoffRequest.newBuilder().setQueueId(qid).setWant(Handoff.CLAIMED).build()).subscribeAsCompletionStage();
            var abandon = store.settleHandoff(HandoffRequest.newBuilder().setQueueId(qid).setWant(Handoff.ABANDONED).build()).subscribeAsCompletionStage();
            assertEquals(claim.get(20, java.util.concurrent.TimeUnit.SECONDS).getSettled(), abandon.get(20, java.util.concurrent.TimeUnit.SECONDS).getSettled(), qid);
        }

        for (String bad : new String[]{"", "x".repeat(65), "a b", "q'; DROP TABLE mailbox.handoffs; --", "\u0000"}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> settle(bad, Handoff.CLAIMED), bad);
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad);
        }
        StatusRuntimeException noWant = assertThrows(StatusRuntimeException.class, () -> settle(claimedFirst, Handoff.HANDOFF_UNSPECIFIED));
        assertEquals(Status.Code.INVALID_ARGUMENT, noWant.getStatus().getCode());

        pool.preparedQuery("UPDATE mailbox.handoffs SET settled_at = now() - interval '8 days' WHERE queue_id = $1")
                .execute(Tuple.of(abandonedFirst)).await().atMost(T);
        assertTrue(handoffs.forget(Duration.ofDays(7)).await().atMost(T) >= 1);
        assertEquals(Handoff.CLAIMED, settle(abandonedFirst, Handoff.CLAIMED), "forgotten after the blobs' grace");
        assertEquals(Handoff.CLAIMED, settle(claimedFirst, Handoff.ABANDONED), "a recent one is kept");
    }

    private Handoff settle(String queueId, Handoff want) {
        return store.settleHandoff(HandoffRequest.newBuilder().setQueueId(queueId).setWant(want).build()).await().atMost(T).getSettled();
    }

    private ResolveRecipientReply resolve(String address) {
        return store.resolveRecipient(ResolveRecipientRequest.newBuilder().setAddress(address).build()).await().atMost(T);
    }

    @Test
    void authenticatesWithDovecotStyleHashes() {
        String domain = newDomain();
        newAccount("carol@" + domain, "correct horse battery");
        assertTrue(auth("carol@" + domain, "correct horse battery"));
        assertTrue(auth("CAROL@" + domain, "correct horse battery"));
        assertFalse(auth("carol@" + domain, "wrong horse battery"));
        assertFalse(auth("nobody@" + domain, "correct horse battery"));
        assertFalse(auth("not an address", "x"));
    }

    /** An account moved in from Dovecot with its {SHA512-CRYPT} hash logs in, and its hash becomes {BLF-CRYPT} then. */
    @Test
    void importedDovecotHashLogsInAndIsUpgradedAtTheFirstLogin() {
        String domain = newDomain();
        String frank = "frank@" + domain;
        // doveadm pw -s SHA512-CRYPT -p secret
        String sha512 = "{SHA512-CRYPT}$6$9ygOmNyOmFGLlx3z$MRiizZLmJNPxoOfOiiCfKf7nABKCIDrdEp8/rVjjJ2aMeAM9K9hIlhHLJUvU8Yvd9Kz5fQtFh4I0CdEbOOeyi1";
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(frank).setPasswordHash(sha512.replace("{SHA512-CRYPT}", "{sha512-crypt}"))
                .build()).await().atMost(T);
        assertEquals(sha512, storedHash(frank), "kept as given, the scheme's name in upper case");
        assertFalse(auth(frank, "wrong"));
        assertEquals(sha512, storedHash(frank), "a failed login changes nothing");
        assertTrue(auth(frank, "secret"));
        String upgraded = storedHash(frank);
        assertTrue(upgraded.startsWith(PasswordHasher.BLF_CRYPT), upgraded);
        assertTrue(auth(frank, "secret"), "the upgraded hash verifies the same password");
        assertFalse(auth(frank, "wrong"));
        assertEquals(upgraded, storedHash(frank), "upgraded once");

        // setPassword with a hash too; refused hashes are INVALID_ARGUMENT with the reason
        admin.setPassword(SetPasswordRequest.newBuilder().setAddress(frank)
                .setPasswordHash("{PBKDF2}$1$tx3iNs.W6qOyuFLX$5000$d42e742677dd2ecda2f6fa89a5b843bad1c88950").build()).await().atMost(T);
        assertTrue(auth(frank, "secret"));
        for (String refused : List.of("{PLAIN}secret", "{SHA512-CRYPT}$6$rounds=999999999$9ygOmNyOmFGLlx3z$" + "a".repeat(86), "{NOPE}x", "no-scheme")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> admin.createAccount(CreateAccountRequest.newBuilder()
                    .setAddress("gina@" + domain).setPasswordHash(refused).build()).await().atMost(T));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), refused);
        }
        StatusRuntimeException both = assertThrows(StatusRuntimeException.class, () -> admin.createAccount(CreateAccountRequest.newBuilder()
                .setAddress("gina@" + domain).setPassword("long-enough-pw").setPasswordHash(sha512).build()).await().atMost(T));
        assertEquals(Status.Code.INVALID_ARGUMENT, both.getStatus().getCode());
    }

    private String storedHash(String address) {
        AccountRef ref = AccountRef.orNull(address);
        return pool.preparedQuery("SELECT a.password_hash FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
                        + " WHERE d.name = $1 AND a.local_part = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(ref.domain(), ref.localPart())).await().atMost(T).iterator().next().getString(0);
    }

    /** Dovecot's auth_cache: a repeated login skips bcrypt; a password change or deletion counts at once. */
    @Test
    void repeatedLoginsSkipBcryptUntilThePasswordChanges() {
        String domain = newDomain();
        String erin = "erin@" + domain;
        newAccount(erin, "first-password");
        long start = hasher.verifications();
        assertTrue(auth(erin, "first-password"));
        assertEquals(start + 1, hasher.verifications(), "the first login runs bcrypt");
        assertTrue(auth(erin, "first-password"));
        assertTrue(auth("ERIN@" + domain, "first-password"));
        assertEquals(start + 1, hasher.verifications(), "later logins of the same account and password are remembered");

        assertFalse(auth(erin, "second-password"));
        assertFalse(auth(erin, "second-password"));
        assertFalse(auth(erin, "first-passwordX"));
        assertFalse(auth(erin, ""));
        assertEquals(start + 4, hasher.verifications(), "a remembered failure is answered without bcrypt too");

        // The password that failed a moment ago becomes the right one: the remembered failure must not lock erin out,
        // and the old password, remembered as right, must stop working.
        admin.setPassword(SetPasswordRequest.newBuilder().setAddress(erin).setPassword("second-password").build()).await().atMost(T);
        assertTrue(auth(erin, "second-password"));
        assertFalse(auth(erin, "first-password"));

        admin.deleteAccount(DeleteAccountRequest.newBuilder().setAddress(erin).build()).await().atMost(T);
        assertFalse(auth(erin, "second-password"), "a deleted account does not log in from the cache");
    }

    private boolean auth(String user, String password) {
        return store.authenticate(AuthenticateRequest.newBuilder().setUsername(user).setPassword(password).build()).await().atMost(T).getOk();
    }

    @Test
    void blobsAreContentAddressed() {
        byte[] content = ("Subject: blob " + UUID.randomUUID() + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        String id1 = putBlob(content);
        String id2 = putBlob(content);
        assertEquals(id1, id2);
        assertEquals(64, id1.length());
    }

    @Test
    void deliverIsIdempotentAndAllocatesUids() {
        String domain = newDomain();
        String rcpt = "dave@" + domain;
        newAccount(rcpt, "dave-password");
        byte[] content = ("Subject: hi\r\n\r\nhello " + UUID.randomUUID() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        String blob = putBlob(content);
        Delivery d = Delivery.newBuilder().setQueueId("Q1" + domain).setRecipient(rcpt).setBlobId(blob).build();

        DeliveryResult first = deliver(d);
        assertEquals(DeliveryResult.Status.DELIVERED, first.getStatus());
        assertEquals(1, first.getUid());
        DeliveryResult again = deliver(d);
        assertEquals(DeliveryResult.Status.DUPLICATE, again.getStatus());
        assertEquals(1, again.getUid());
        DeliveryResult second = deliver(d.toBuilder().setQueueId("Q2" + domain).build());
        assertEquals(2, second.getUid());
        assertEquals(DeliveryResult.Status.UNKNOWN_RECIPIENT, deliver(d.toBuilder().setRecipient("eve@" + domain).build()).getStatus());
        assertEquals(DeliveryResult.Status.UNKNOWN_BLOB, deliver(d.toBuilder().setQueueId("Q3").setBlobId("00").build()).getStatus());

        ListMessagesReply list = store.listMessages(ListMessagesRequest.newBuilder().setAccount(rcpt).build()).await().atMost(T);
        assertEquals(List.of(1L, 2L), list.getMessagesList().stream().map(m -> m.getUid()).toList());
        assertEquals(content.length, list.getMessages(0).getSize());
        assertTrue(list.getUidvalidity() > 0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        imap.fetchMessages(FetchMessagesRequest.newBuilder().setAccount(rcpt).setMailboxId(list.getMailboxId()).addUids(1)
                        .addSections(SectionSpec.newBuilder().setSection("")).build())
                .subscribe().asStream().forEach(c -> out.writeBytes(c.getData().toByteArray()));
        assertArrayEquals(content, out.toByteArray());

        assertEquals(1, store.expungeMessages(ExpungeMessagesRequest.newBuilder().setAccount(rcpt).addUids(1).addUids(99).build())
                .await().atMost(T).getExpunged());
        list = store.listMessages(ListMessagesRequest.newBuilder().setAccount(rcpt).build()).await().atMost(T);
        assertEquals(List.of(2L), list.getMessagesList().stream().map(m -> m.getUid()).toList());
        // A redelivery after expunge must still not store the message again.
        assertEquals(DeliveryResult.Status.DUPLICATE, deliver(d).getStatus());
    }

    /**
     * Calls that arrive while a batch commits share the next transaction (rows with one xmin), each answered with its
     * own results; the same calls again are all DUPLICATE with the UIDs first answered; a call that fails the shared
     * transaction (a queue id PostgreSQL cannot store) fails alone, and the others still get consecutive UIDs, since
     * the rolled-back allocation was never answered.
     */
    @Test
    void concurrentDeliveriesShareATransactionAndABadOneFailsAlone() {
        String domain = newDomain();
        String rcpt = "grace@" + domain;
        newAccount(rcpt, "grace-password");
        String blob = putBlob(("Subject: batch\r\n\r\nbatch " + UUID.randomUUID() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        List<Delivery> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(Delivery.newBuilder().setQueueId("B" + i + domain).setRecipient(rcpt).setBlobId(blob).build());
        }
        // All subscribed from this thread at once: the first commits alone, the other 11 queue behind it.
        List<DeliveryResult> first = Uni.join().all(calls.stream().map(d -> batcher.deliver(List.of(d)).map(r -> r.get(0))).toList())
                .andFailFast().await().atMost(T);
        assertEquals(calls.stream().map(x -> DeliveryResult.Status.DELIVERED).toList(), first.stream().map(DeliveryResult::getStatus).toList());
        assertEquals(LongStream.rangeClosed(1, 12).boxed().toList(), first.stream().map(DeliveryResult::getUid).sorted().toList());
        assertEquals(2L, pool.preparedQuery("SELECT count(DISTINCT xmin::text) FROM mailbox.deliveries WHERE recipient = $1")
                .execute(Tuple.of(rcpt)).await().atMost(T).iterator().next().getLong(0), "two transactions for 12 calls");

        List<DeliveryResult> again = Uni.join().all(calls.stream().map(d -> batcher.deliver(List.of(d)).map(r -> r.get(0))).toList())
                .andFailFast().await().atMost(T);
        assertEquals(calls.stream().map(x -> DeliveryResult.Status.DUPLICATE).toList(), again.stream().map(DeliveryResult::getStatus).toList());
        assertEquals(first.stream().map(DeliveryResult::getUid).toList(), again.stream().map(DeliveryResult::getUid).toList());

        List<Uni<DeliveryResult>> mixed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String qid = i == 3 ? "BAD\0" + domain : "C" + i + domain;
            mixed.add(batcher.deliver(List.of(calls.get(0).toBuilder().setQueueId(qid).build())).map(r -> r.get(0))
                    .onFailure().recoverWithItem(e -> DeliveryResult.newBuilder().setDetail("failed").build()));
        }
        List<DeliveryResult> third = Uni.join().all(mixed).andFailFast().await().atMost(T);
        assertEquals("failed", third.get(3).getDetail(), "the bad call fails");
        third = new ArrayList<>(third);
        third.remove(3);
        assertTrue(third.stream().allMatch(r -> r.getStatus() == DeliveryResult.Status.DELIVERED), third.toString());
        assertEquals(LongStream.rangeClosed(13, 17).boxed().toList(), third.stream().map(DeliveryResult::getUid).sorted().toList());
        assertEquals(17, store.listMessages(ListMessagesRequest.newBuilder().setAccount(rcpt).build()).await().atMost(T).getMessagesCount());
    }

    /** The console's "largest mailboxes": order=usage is most used bytes first, ties by address; another order is refused. */
    @Test
    void accountsListedByUsage() {
        String domain = newDomain();
        for (String user : List.of("amy", "bob", "cat")) {
            newAccount(user + "@" + domain, user + "-password-long");
        }
        String blob = putBlob(("Subject: big\r\n\r\n" + "x".repeat(5000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String small = putBlob(("Subject: small\r\n\r\nhi " + UUID.randomUUID() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        deliver(Delivery.newBuilder().setQueueId("QU1" + domain).setRecipient("cat@" + domain).setBlobId(blob).build());
        deliver(Delivery.newBuilder().setQueueId("QU2" + domain).setRecipient("bob@" + domain).setBlobId(small).build());
        ListAccountsRequest.Builder r = ListAccountsRequest.newBuilder().setDomain(domain);
        assertEquals(List.of("cat@" + domain, "bob@" + domain, "amy@" + domain),
                admin.listAccounts(r.setOrder("usage").build()).await().atMost(T).getItemsList().stream().map(a -> a.getAddress()).toList());
        assertEquals(List.of("amy@" + domain, "bob@" + domain, "cat@" + domain),
                admin.listAccounts(r.setOrder("").build()).await().atMost(T).getItemsList().stream().map(a -> a.getAddress()).toList());
        assertEquals(List.of("cat@" + domain), admin.listAccounts(r.setOrder("usage").setLimit(1).build()).await().atMost(T)
                .getItemsList().stream().map(a -> a.getAddress()).toList());
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> admin.listAccounts(r.setOrder("used_bytes; DROP TABLE x").build()).await().atMost(T));
    }

    private DeliveryResult deliver(Delivery d) {
        return store.deliver(DeliverRequest.newBuilder().addDeliveries(d).build()).await().atMost(T).getResults(0);
    }

    @Test
    void oneSessionOwnsAMaildrop() {
        String domain = newDomain();
        String acct = "erin@" + domain;
        newAccount(acct, "erin-password");
        assertTrue(lock(acct, "A", true));
        assertFalse(lock(acct, "B", true));
        assertTrue(lock(acct, "A", true), "the owner renews its lease");
        assertTrue(lock(acct, "A", false));
        assertTrue(lock(acct, "B", true));
    }

    private boolean lock(String account, String owner, boolean acquire) {
        MaildropLockRequest r = MaildropLockRequest.newBuilder().setAccount(account).setOwner(owner).setLeaseSeconds(60).build();
        return (acquire ? store.acquireMaildrop(r) : store.releaseMaildrop(r)).await().atMost(T).getAcquired();
    }

    @Test
    void adminValidatesAndRefusesConflicts() {
        String domain = newDomain();
        assertStatus(Status.Code.ALREADY_EXISTS, () -> admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> admin.createDomain(CreateDomainRequest.newBuilder().setName("bad_domain!").build()).await().atMost(T));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> newAccount("x@" + domain, "short"));
        assertStatus(Status.Code.NOT_FOUND, () -> newAccount("x@missing-" + domain, "long-enough-password"));
        newAccount("frank@" + domain, "frank-password");
        assertStatus(Status.Code.ALREADY_EXISTS, () -> newAccount("Frank@" + domain, "frank-password"));
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> admin.deleteDomain(DeleteDomainRequest.newBuilder().setName(domain).build()).await().atMost(T));
        assertEquals(1, admin.listAccounts(ListAccountsRequest.newBuilder().setDomain(domain).build()).await().atMost(T).getTotal());
        admin.deleteAccount(DeleteAccountRequest.newBuilder().setAddress("frank@" + domain).build()).await().atMost(T);
        assertEquals(0, admin.listAccounts(ListAccountsRequest.newBuilder().setDomain(domain).build()).await().atMost(T).getTotal());
        assertTrue(admin.deleteDomain(DeleteDomainRequest.newBuilder().setName(domain).build()).await().atMost(T).getDeleted());
    }

    @Test
    void hugeInputIsRefusedWithAShortDescription() {
        // Echoed whole, 60,000 characters overflowed the client's header limit: INTERNAL instead of INVALID_ARGUMENT.
        String huge = "a".repeat(60_000) + ".test";
        for (Runnable call : new Runnable[] {
                () -> admin.createDomain(CreateDomainRequest.newBuilder().setName(huge).build()).await().atMost(T),
                () -> newAccount("x@" + huge, "long-enough-password"),
                () -> admin.getAccount(GetAccountRequest.newBuilder().setAddress("x@" + huge).build()).await().atMost(T)}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString().substring(0, 200));
            assertTrue(e.getStatus().getDescription().length() <= 303, "description of " + e.getStatus().getDescription().length() + " chars");
            assertTrue(e.getStatus().getDescription().startsWith("invalid "), e.getStatus().getDescription());
        }
    }

    @Test
    void controlCharactersAroundAnAddressAreNotTrimmedAway() {
        String domain = newDomain();
        newAccount("nul@" + domain, "long-enough-password");
        for (String bad : new String[] {"nul@" + domain + "\0", "\0nul@" + domain, "nul@" + domain + "\n", "\u007fnul@" + domain}) {
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> admin.getAccount(GetAccountRequest.newBuilder().setAddress(bad).build()).await().atMost(T));
        }
        assertStatus(Status.Code.NOT_FOUND, () -> admin.deleteDomain(DeleteDomainRequest.newBuilder().setName(domain + "\0").build()).await().atMost(T));
        // Spaces are still forgiven.
        assertEquals("nul@" + domain, admin.getAccount(GetAccountRequest.newBuilder().setAddress(" nul@" + domain + " ").build())
                .await().atMost(T).getAddress());
    }

    private static void assertStatus(Status.Code code, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
    }

    /**
     * Deliver, PutBlob (the blob behind smtp-ingress's 250) and the UID allocation commit on the reactive pool, the
     * admin calls through Hibernate Reactive on the same pool: both kinds of session start with synchronous_commit=on
     * set by the service itself (pg_settings source "client"), not inherited from the server (db/DurablePool).
     */
    @Test
    void everySessionCommitsSynchronouslyBecauseTheServiceSaysSo() {
        String sql = "SELECT setting || ' ' || source FROM pg_settings WHERE name = 'synchronous_commit'";
        assertEquals("on client", pool.query(sql).execute().await().atMost(T).iterator().next().getString(0));
        assertEquals("on client", sessions.withSession(s -> s.createNativeQuery(sql, String.class).getSingleResult())
                .await().atMost(T));
    }
}
