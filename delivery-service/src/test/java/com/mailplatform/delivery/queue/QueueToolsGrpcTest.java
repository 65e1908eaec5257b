package com.mailplatform.delivery.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.common.grpc.queue.BulkReply;
import com.mailplatform.common.grpc.queue.BulkRequest;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.QueueEntryRequest;
import com.mailplatform.common.grpc.queue.QueueFilter;
import com.mailplatform.common.grpc.queue.QueuedMessage;
import com.mailplatform.common.grpc.queue.ShowMessageRequest;
import com.mailplatform.delivery.RecordingAliases;
import com.mailplatform.delivery.RecordingMailboxStore;
import com.mailplatform.testsupport.SharedInfraResource;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue tools (issue 16) over real gRPC and the shared embedded PostgreSQL: bulk actions by filter with their
 * mail-log lines, postcat, requeue through alias expansion, and the detached context that fixed the CANCELLED first
 * attempt of "retry now". Same profile as QueueAdminGrpcTest, so no Quarkus restart.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class QueueToolsGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("queue-admin")
    QueueAdmin admin;

    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private final List<String> maillog = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            maillog.add(r.getLoggerName() + " " + r.getMessage()); // the format adds "program[pid]: " (MailLogWriter)
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("maillog").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("maillog").removeHandler(capture);
    }

    private String entry(String sender, String recipient, String age, boolean held) {
        String qid = "Q" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        pool.preparedQuery("INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at,"
                        + " next_attempt_at, last_dsn, last_reply, held) VALUES ($1, $2, $3, $6, 42,"
                        + " now() - $4::text::interval, now() + interval '1 hour', '4.4.1', 'connect to mx: Connection refused', $5)")
                .execute(Tuple.of(qid, sender, recipient, age, held, "blob-" + qid)).await().atMost(WAIT);
        return qid;
    }

    private BulkReply bulk(BulkRequest.Builder b) {
        return admin.bulk(b.build()).await().atMost(WAIT);
    }

    private List<String> rows(String sender, String column) {
        List<String> out = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT queue_id, " + column + " FROM queue.deferred WHERE sender = $1 ORDER BY queue_id")
                .execute(Tuple.of(sender)).await().atMost(WAIT)) {
            out.add(r.getString(0) + "=" + r.getValue(1));
        }
        return out;
    }

    private boolean logged(String line) {
        return maillog.stream().anyMatch(l -> l.matches("maillog\\.postfix/post(super|queue) " + java.util.regex.Pattern.quote(line)));
    }

    @Test
    void bulkActionsByDomainSenderAgeAndStateAreCountedAndLogged() {
        String sender = "bulk-" + UUID.randomUUID() + "@ops.test";
        String slowOld = entry(sender, "a@slow.test", "3 hours", false);
        String slowNew = entry(sender, "b@SLOW.test", "1 minute", false);
        String other = entry(sender, "c@fast.test", "3 hours", false);

        BulkReply dry = bulk(BulkRequest.newBuilder().setAction("delete").setSender(sender).setDomain("slow.test").setDryRun(true));
        assertTrue(dry.getDryRun());
        assertEquals(2, dry.getMessages(), "the domain matches whatever the case of the address");
        assertEquals(3, rows(sender, "held").size(), "a dry run changes nothing");

        BulkReply held = bulk(BulkRequest.newBuilder().setAction("hold").setSender(sender.toUpperCase()).setDomain("slow.test"));
        assertEquals(2, held.getMessages());
        assertTrue(held.getQueueIdsList().containsAll(List.of(slowOld, slowNew)));
        assertTrue(logged(slowOld + ": placed on hold") && logged(slowNew + ": placed on hold"), maillog.toString());
        assertTrue(logged("Placed on hold: 2 messages"), maillog.toString());
        assertEquals(0, bulk(BulkRequest.newBuilder().setAction("hold").setSender(sender).setDomain("slow.test")).getMessages(),
                "what is held already is not held again (nor logged)");

        // older than two hours, on hold: only the old one of the two held
        BulkReply released = bulk(BulkRequest.newBuilder().setAction("release").setSender(sender).setOlderThanSeconds(7200).setState("hold"));
        assertEquals(List.of(slowOld), released.getQueueIdsList());
        assertTrue(logged(slowOld + ": released from hold"), maillog.toString());
        assertTrue(rows(sender, "next_attempt_at <= now()").contains(slowOld + "=true"), "released mail is due at once");

        BulkReply retried = bulk(BulkRequest.newBuilder().setAction("retry").setSender(sender));
        assertEquals(2, retried.getMessages(), "held mail stays held: postqueue -f does not flush the hold queue");
        assertFalse(retried.getQueueIdsList().contains(slowNew));

        BulkReply deleted = bulk(BulkRequest.newBuilder().setAction("delete").setSender(sender).setAll(true));
        assertEquals(3, deleted.getMessages());
        for (String q : List.of(slowOld, slowNew, other)) {
            assertTrue(logged(q + ": removed"), maillog.toString());
        }
        assertTrue(logged("Deleted: 3 messages"), maillog.toString());
        assertTrue(rows(sender, "held").isEmpty());
    }

    @Test
    void deletingSomeRecipientsOfAMessageNamesThem() {
        String sender = "part-" + UUID.randomUUID() + "@ops.test";
        String qid = entry(sender, "x@gone.test", "1 minute", false);
        pool.preparedQuery("INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at, next_attempt_at,"
                + " last_dsn, last_reply) VALUES ($1, $2, 'y@stays.test', 'b', 1, now(), now(), '', '')").execute(Tuple.of(qid, sender))
                .await().atMost(WAIT);
        assertEquals(1, bulk(BulkRequest.newBuilder().setAction("delete").setDomain("gone.test").setSender(sender)).getRecipients());
        assertTrue(logged(qid + ": to=<x@gone.test>, removed"), maillog.toString());
        assertFalse(logged(qid + ": removed"), "the message still has a recipient");
        assertEquals(1, admin.delete(QueueEntryRequest.newBuilder().setQueueId(qid).build()).await().atMost(WAIT).getAffected());
        assertTrue(logged(qid + ": removed"), maillog.toString());
    }

    @Test
    void hostileFiltersAreRefused() {
        List<BulkRequest.Builder> bad = List.of(
                BulkRequest.newBuilder().setAction("hold"), // nothing selected: not "everything" by accident
                BulkRequest.newBuilder().setAction("frobnicate").setAll(true),
                BulkRequest.newBuilder().setAction("hold").setDomain("x.test' OR '1'='1"),
                BulkRequest.newBuilder().setAction("hold").setDomain("a".repeat(300) + ".test"),
                BulkRequest.newBuilder().setAction("hold").setSender("no-at-sign"),
                BulkRequest.newBuilder().setAction("hold").setSender("a@b.test\r\nX: y"),
                BulkRequest.newBuilder().setAction("hold").setQueueId("../etc"),
                BulkRequest.newBuilder().setAction("hold").setOlderThanSeconds(-5),
                BulkRequest.newBuilder().setAction("hold").setOlderThanSeconds(Long.MAX_VALUE),
                BulkRequest.newBuilder().setAction("hold").setState("frozen"));
        for (BulkRequest.Builder b : bad) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> admin.bulk(b.build()).await().atMost(WAIT), b.toString());
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), b.toString());
        }
        StatusRuntimeException big = assertThrows(StatusRuntimeException.class, () -> admin.showMessage(ShowMessageRequest.newBuilder()
                .setQueueId("X1").setMaxBytes(1L << 40).build()).await().atMost(WAIT));
        assertEquals(Status.Code.INVALID_ARGUMENT, big.getStatus().getCode());
    }

    @Test
    void showMessageIsCappedAndSaysSo() {
        String sender = "cat-" + UUID.randomUUID() + "@ops.test";
        String qid = entry(sender, "r@cat.test", "1 minute", false);
        byte[] content = ("Subject: postcat\r\nFrom: <" + sender + ">\r\n\r\n" + "body line\r\n".repeat(100)).getBytes(StandardCharsets.US_ASCII);
        RecordingMailboxStore.BLOBS.put("blob-" + qid, content);
        QueuedMessage whole = admin.showMessage(ShowMessageRequest.newBuilder().setQueueId(qid).build()).await().atMost(WAIT);
        assertEquals(new String(content, StandardCharsets.US_ASCII), whole.getContent().toStringUtf8());
        assertFalse(whole.getTruncated());
        assertEquals(sender, whole.getEntry().getSender());
        assertEquals("r@cat.test", whole.getEntry().getRecipients(0).getRecipient());
        QueuedMessage head = admin.showMessage(ShowMessageRequest.newBuilder().setQueueId(qid).setMaxBytes(17).build()).await().atMost(WAIT);
        assertEquals("Subject: postcat\r", head.getContent().toStringUtf8());
        assertTrue(head.getTruncated());
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> admin.showMessage(ShowMessageRequest.newBuilder()
                .setQueueId("NOSUCH" + qid).build()).await().atMost(WAIT));
        assertEquals(Status.Code.NOT_FOUND, none.getStatus().getCode());
        admin.delete(QueueEntryRequest.newBuilder().setQueueId(qid).build()).await().atMost(WAIT);
    }

    /**
     * postsuper -r after an alias changed: the row goes back to the address the sender gave (orig_to), is expanded
     * again and is due now; a target the mail log shows delivered for this message is not queued again.
     */
    @Test
    void requeueExpandsAliasesAgainWithoutDuplicates() {
        String sender = "rq-" + UUID.randomUUID() + "@ops.test";
        String list = "list-" + UUID.randomUUID().toString().substring(0, 8) + "@alias.test";
        String qid = entry(sender, "old@remote.test", "1 minute", false);
        pool.preparedQuery("UPDATE queue.deferred SET orig_recipient = $2, attempts = 3 WHERE queue_id = $1").execute(Tuple.of(qid, list))
                .await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO queue.delivery_log (queue_id, sender, recipient, relay, delay_ms, dsn, status, reply,"
                + " orig_recipient) VALUES ($1, $2, 'done@remote.test', 'mx', 1, '2.0.0', 'sent', '250 ok', $3)")
                .execute(Tuple.of(qid, sender, list)).await().atMost(WAIT);
        RecordingAliases.ALIASES.put(list, List.of("new@remote.test", "done@remote.test"));

        assertEquals(1, admin.requeue(QueueEntryRequest.newBuilder().setQueueId(qid).build()).await().atMost(WAIT).getAffected());
        assertEquals(List.of(qid + "=new@remote.test " + list + " 3 true"),
                rows(sender, "recipient || ' ' || orig_recipient || ' ' || attempts || ' ' || (next_attempt_at <= now())"));
        assertTrue(logged(qid + ": requeued"), maillog.toString());
        // Requeued again: the same rows (expansion is stable), not doubled.
        assertEquals(1, bulk(BulkRequest.newBuilder().setAction("requeue").setSender(sender)).getMessages());
        assertEquals(1, rows(sender, "recipient").size());

        // Being delivered right now (claimed): left alone rather than raced.
        pool.preparedQuery("UPDATE queue.deferred SET claimed_by = 'r', claimed_until = now() + interval '1 minute' WHERE queue_id = $1")
                .execute(Tuple.of(qid)).await().atMost(WAIT);
        BulkReply skipped = bulk(BulkRequest.newBuilder().setAction("requeue").setQueueId(qid));
        assertEquals(0, skipped.getMessages());
        assertEquals(1, skipped.getSkippedActive(), "the reply says why nothing was done");
        // Asked for by its queue id, the operator hears why nothing happened (409 at admin-api), not "0 recipients".
        StatusRuntimeException active = assertThrows(StatusRuntimeException.class,
                () -> admin.requeue(QueueEntryRequest.newBuilder().setQueueId(qid).build()).await().atMost(WAIT));
        assertEquals(Status.Code.FAILED_PRECONDITION, active.getStatus().getCode());
        assertTrue(active.getStatus().getDescription().contains("being delivered right now"), active.getStatus().getDescription());
        admin.delete(QueueEntryRequest.newBuilder().setQueueId(qid).build()).await().atMost(WAIT);
    }

    /**
     * The cause of "retry now"'s CANCELLED first attempt, reproduced: work started inside a gRPC call (a duplicated
     * Vert.x context carrying the call's io.grpc.Context) made its gRPC calls under that context, which is cancelled
     * when the call answers. Started through {@link Detached}, the same call succeeds.
     */
    @Test
    void workStartedInsideAGrpcCallOutlivesTheCall() throws Exception {
        ResolveRecipientRequest ask = ResolveRecipientRequest.newBuilder().setAddress("a@" + RecordingMailboxStore.LOCAL_DOMAIN).build();
        CompletableFuture<Throwable> inline = new CompletableFuture<>();
        CompletableFuture<ResolveRecipientReply> detached = new CompletableFuture<>();
        io.vertx.core.Context call = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        call.runOnContext(x -> {
            Context.CancellableContext grpcCall = Context.current().withCancellation();
            Context previous = grpcCall.attach();
            try {
                grpcCall.cancel(null); // the call has answered
                store.resolveRecipient(ask).subscribe().with(r -> inline.complete(null), inline::complete);
                Detached.run(vertx, () -> store.resolveRecipient(ask).subscribe().with(detached::complete, detached::completeExceptionally));
            } finally {
                grpcCall.detach(previous);
            }
        });
        Throwable e = inline.get(20, TimeUnit.SECONDS);
        assertTrue(e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.CANCELLED,
                "the bug's mechanism: " + e);
        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, detached.get(20, TimeUnit.SECONDS).getStatus());
    }
}
