package com.mailplatform.store.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.ExpungeMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The blob collector against the shared embedded PostgreSQL, through the real PutBlob and Deliver RPCs. */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class BlobCollectorTest {

    static final Duration T = Duration.ofSeconds(20);
    static final Duration GRACE = Duration.ofDays(7);

    @GrpcClient("store")
    MailboxStore store;

    @GrpcClient("store")
    MailboxAdmin admin;

    @Inject
    Pool pool;

    @Inject
    StoreConfig config;

    /** delivery-service's queue, which this module cannot run: the ids it would answer. */
    private BlobCollector collector(Set<String> queued) {
        return new BlobCollector(pool, () -> Uni.createFrom().item(queued), config);
    }

    private BlobCollector.Round round(Set<String> queued) {
        return collector(queued).round(GRACE, 100_000, true).await().atMost(T);
    }

    private static byte[] unique(String what) {
        return ("Subject: " + what + "\r\n\r\n" + UUID.randomUUID() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String put(byte[] content) {
        return store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFrom(content)).build()))
                .await().atMost(T).getBlobId();
    }

    /** As if the blob had last been PUT {@code ago} before now. */
    private void age(String blob, Duration ago) {
        pool.preparedQuery("UPDATE mailbox.blobs SET last_put_at = now() - make_interval(secs => $2) WHERE id = $1")
                .execute(Tuple.of(blob, (double) ago.toSeconds())).await().atMost(T);
    }

    private boolean exists(String blob) {
        return pool.preparedQuery("SELECT 1 FROM mailbox.blobs WHERE id = $1").execute(Tuple.of(blob)).await().atMost(T).size() == 1;
    }

    private String newAccount() {
        String domain = "g" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        String address = "gc@" + domain;
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(address).setPassword("gc-password").build()).await().atMost(T);
        return address;
    }

    private DeliveryResult deliver(String account, String blob) {
        return store.deliver(DeliverRequest.newBuilder().addDeliveries(Delivery.newBuilder().setQueueId("Q" + UUID.randomUUID())
                .setRecipient(account).setBlobId(blob)).build()).await().atMost(T).getResults(0);
    }

    @Test
    void removesOnlyOldBlobsThatNoMessageReferencesAndNoQueueEntryNeeds() {
        String account = newAccount();
        String referenced = put(unique("referenced"));
        assertEquals(DeliveryResult.Status.DELIVERED, deliver(account, referenced).getStatus());
        String orphan = put(unique("orphan"));
        String recent = put(unique("recent"));
        byte[] again = unique("put again");
        String rePut = put(again);
        String queued = put(unique("held in the queue"));
        for (String old : new String[] {referenced, orphan, rePut, queued}) {
            age(old, GRACE.plusHours(1));
        }
        age(recent, GRACE.minusHours(1));
        // smtp-ingress stores the same content again: content addressing answers with the old id, which must live
        assertEquals(rePut, put(again));

        BlobCollector.Round r = round(Set.of(queued));
        assertFalse(r.skipped());
        assertTrue(r.removed() >= 1);
        assertFalse(exists(orphan), "old and unreferenced: removed");
        assertTrue(exists(referenced), "a message references it");
        assertTrue(exists(recent), "within the grace period");
        assertTrue(exists(rePut), "PUT again within the grace period");
        assertTrue(exists(queued), "a (held) queue entry still needs it");

        // The message goes (POP3 DELE + QUIT); while the queue cannot be asked nothing is removed, then its blob goes.
        store.expungeMessages(ExpungeMessagesRequest.newBuilder().setAccount(account).setMailbox("INBOX").addUids(1).build()).await().atMost(T);
        BlobCollector down = new BlobCollector(pool, () -> Uni.createFrom().failure(new IllegalStateException("delivery-service down")), config);
        assertTrue(down.round(GRACE, 100_000, true).await().atMost(T).skipped());
        assertTrue(exists(referenced));
        round(Set.of(queued));
        assertFalse(exists(referenced), "expunged mail's blob is collected");
        assertTrue(exists(queued));
        round(Set.of());
        assertFalse(exists(queued), "gone from the queue: collected");
    }

    @Test
    void aBlobBeingReferencedOrPutAgainWhileTheCollectorRunsIsKept() {
        String account = newAccount();
        String delivering = put(unique("being delivered"));
        byte[] content = unique("being put again");
        String reput = put(content);
        age(delivering, GRACE.plusDays(30));
        age(reput, GRACE.plusDays(30));
        long inbox = pool.preparedQuery("SELECT m.id FROM mailbox.mailboxes m JOIN mailbox.accounts a ON a.id = m.account_id"
                        + " JOIN mailbox.domains d ON d.id = a.domain_id WHERE d.name = $1 AND m.name = 'INBOX'")
                .execute(Tuple.of(account.substring(3))).await().atMost(T).iterator().next().getLong(0);

        SqlConnection deliverConn = pool.getConnection().await().atMost(T);
        SqlConnection putConn = pool.getConnection().await().atMost(T);
        try {
            // A Deliver (or COPY) inserting a message that references the blob, not committed yet...
            Transaction deliverTx = deliverConn.begin().await().atMost(T);
            deliverConn.preparedQuery("INSERT INTO mailbox.messages (mailbox_id, uid, modseq, internal_date, size, blob_id)"
                            + " VALUES ($1, 1000000, 1, now(), 10, $2)")
                    .execute(Tuple.of(inbox, delivering)).await().atMost(T);
            // ... and a PutBlob of known content, not committed yet, with the statement PgBlobStore runs.
            Transaction putTx = putConn.begin().await().atMost(T);
            putConn.preparedQuery("INSERT INTO mailbox.blobs (id, size, content) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET last_put_at = now()")
                    .execute(Tuple.of(reput, (long) content.length, Buffer.buffer(content))).await().atMost(T);

            BlobCollector.Round during = round(Set.of());
            assertFalse(during.skipped());
            assertTrue(exists(delivering), "locked by the message insert: skipped, not waited for");
            assertTrue(exists(reput), "locked by the PutBlob: skipped");

            deliverTx.commit().await().atMost(T);
            putTx.commit().await().atMost(T);
        } finally {
            deliverConn.close().await().atMost(T);
            putConn.close().await().atMost(T);
        }
        round(Set.of());
        assertTrue(exists(delivering), "now referenced");
        assertTrue(exists(reput), "now recently put");
    }
}
