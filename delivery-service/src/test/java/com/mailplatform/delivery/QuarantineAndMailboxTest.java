package com.mailplatform.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.Handoff;
import com.mailplatform.common.grpc.queue.LogEntry;
import com.mailplatform.common.grpc.queue.LogFilter;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.QueueEntry;
import com.mailplatform.common.grpc.queue.QueueEntryRequest;
import com.mailplatform.common.grpc.queue.QueueFilter;
import com.mailplatform.common.grpc.queue.QueueRecipient;
import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.InboundMailCodec;
import com.mailplatform.delivery.queue.DeferredQueue;
import com.mailplatform.delivery.queue.Job;
import com.mailplatform.delivery.queue.QueueManager;
import com.mailplatform.testsupport.SharedInfra;
import com.mailplatform.testsupport.SharedInfraResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpConnection;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpSender;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A quarantined message and a message for the Junk folder through the real embedded broker, the consumer, the queue
 * in the shared embedded PostgreSQL and QueueAdmin over real gRPC; mailbox-store is {@link RecordingMailboxStore}.
 * The queue runner is off in tests: the test claims and attempts due entries itself, as a runner would.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class QuarantineAndMailboxTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REASON = "Infected (Eicar-Test-Signature)";

    @GrpcClient("queue-admin")
    QueueAdmin admin;

    @Inject
    DeferredQueue queue;

    @Inject
    QueueManager manager;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Test
    void aQuarantinedMessageIsHeldUntilReleasedThenDelivered() {
        String qid = queueId();
        String alice = "alice@" + RecordingMailboxStore.LOCAL_DOMAIN;
        String bob = "bob@remote.test";
        // Flagged SMTPUTF8 by the client (issue 14): the flag is kept with the held rows and comes back with the claim.
        send(mail(qid, List.of(alice, bob), REASON, null, true));

        QueueEntry held = await(() -> admin.showQueueEntry(req(qid, "")).await().atMost(WAIT), e -> e.getRecipientsCount() == 2);
        for (QueueRecipient r : held.getRecipientsList()) {
            assertEquals("hold", r.getStatus(), r.getRecipient());
            assertEquals("hold: " + REASON, r.getLastReply());
            assertEquals(0, r.getAttempts(), "no delivery attempt was made");
        }
        assertEquals(1, admin.listQueue(QueueFilter.newBuilder().setSender(sender(qid)).setStatus("hold").build())
                .await().atMost(WAIT).getTotal());
        List<LogEntry> log = admin.searchLog(LogFilter.newBuilder().setQueueId(qid).build()).await().atMost(WAIT).getItemsList();
        assertEquals(2, log.size(), "one mail-log line per recipient");
        log.forEach(l -> {
            assertEquals("held", l.getStatus());
            assertEquals("hold: " + REASON, l.getReply());
        });
        assertTrue(RecordingMailboxStore.of(qid).isEmpty(), "nothing delivered");
        // Held entries are due (never attempted) yet never claimed, so they never expire into a bounce either.
        assertEquals(0, runDue(qid), "a held entry is not attempted");
        assertEquals(List.of(true, true), smtputf8Column(qid));

        assertEquals(1, admin.release(req(qid, alice)).await().atMost(WAIT).getAffected());
        assertEquals(1, runDue(qid));
        assertTrue(claimed.smtputf8(), "the claimed job carries the client's SMTPUTF8");
        List<Delivery> delivered = RecordingMailboxStore.of(qid);
        assertEquals(1, delivered.size());
        assertEquals(alice, delivered.get(0).getRecipient());
        assertEquals("", delivered.get(0).getMailbox(), "INBOX");
        assertTrue(admin.searchLog(LogFilter.newBuilder().setQueueId(qid).setRecipient(alice).build()).await().atMost(WAIT)
                .getItemsList().stream().anyMatch(l -> l.getStatus().equals("sent")));
        QueueEntry rest = admin.showQueueEntry(req(qid, "")).await().atMost(WAIT);
        assertEquals(List.of(bob), rest.getRecipientsList().stream().map(QueueRecipient::getRecipient).toList());
        assertEquals("hold", rest.getRecipients(0).getStatus(), "the other recipient stays held");
        assertEquals(1, admin.delete(req(qid, "")).await().atMost(WAIT).getAffected());
    }

    @Test
    void theTargetFolderSurvivesADeferral() {
        String qid = queueId();
        String full = "full-" + qid.toLowerCase() + "@" + RecordingMailboxStore.LOCAL_DOMAIN;
        String ok = "ok@" + RecordingMailboxStore.LOCAL_DOMAIN;
        RecordingMailboxStore.overQuota.add(full);
        send(mail(qid, List.of(full, ok), null, "Junk", false));

        QueueEntry deferred = await(() -> admin.showQueueEntry(req(qid, "")).await().atMost(WAIT), e -> e.getRecipientsCount() == 1);
        assertEquals(full, deferred.getRecipients(0).getRecipient());
        assertEquals("4.2.2", deferred.getRecipients(0).getLastDsn());
        assertEquals(List.of("Junk", "Junk"), RecordingMailboxStore.of(qid).stream().map(Delivery::getMailbox).toList());
        assertEquals("Junk", pool.preparedQuery("SELECT mailbox FROM queue.deferred WHERE queue_id = $1").execute(Tuple.of(qid))
                .await().atMost(WAIT).iterator().next().getString(0));
        assertEquals(List.of(false), smtputf8Column(qid));

        RecordingMailboxStore.overQuota.remove(full);
        assertEquals(1, admin.retryNow(req(qid, "")).await().atMost(WAIT).getAffected());
        assertEquals(1, runDue(qid));
        assertFalse(claimed.smtputf8(), "not flagged");
        List<Delivery> calls = RecordingMailboxStore.of(qid);
        assertEquals(3, calls.size());
        assertEquals(full, calls.get(2).getRecipient());
        assertEquals("Junk", calls.get(2).getMailbox(), "the retry still goes to Junk");
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class,
                () -> admin.showQueueEntry(req(qid, "")).await().atMost(WAIT));
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());
    }

    /**
     * Messages consumed at once (mp.messaging.incoming.mail-inbound.concurrency): each delivered once, one "sent" log
     * row each and nothing queued (the log-only settlement); a message whose Deliver fails is handed back without
     * holding up the others, and delivered once the store answers again.
     */
    @Test
    void messagesInFlightTogetherAreSettledOneByOne() {
        List<String> qids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            qids.add(queueId());
        }
        String failing = "away-" + qids.get(4).toLowerCase() + "@" + RecordingMailboxStore.LOCAL_DOMAIN;
        RecordingMailboxStore.unavailable.add(failing);
        for (int i = 0; i < qids.size(); i++) {
            String rcpt = i == 4 ? failing : "r" + i + "@" + RecordingMailboxStore.LOCAL_DOMAIN;
            send(mail(qids.get(i), List.of(rcpt), null, null, false));
        }
        for (String qid : qids) {
            if (!qid.equals(qids.get(4))) {
                await(() -> RecordingMailboxStore.of(qid).size(), n -> n == 1);
                await(() -> sentRows(qid), n -> n == 1L);
            }
        }
        assertEquals(0L, sentRows(qids.get(4)), "not delivered while the store fails it");
        RecordingMailboxStore.unavailable.remove(failing);
        await(() -> sentRows(qids.get(4)), n -> n == 1L);
        for (String qid : qids) {
            assertEquals(1, RecordingMailboxStore.of(qid).size(), qid + " stored once");
            assertEquals(1L, sentRows(qid), qid + " logged once");
            assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM queue.deferred WHERE queue_id = $1").execute(Tuple.of(qid))
                    .await().atMost(WAIT).iterator().next().getLong(0), qid + " nothing queued");
        }
    }

    /**
     * Issue 14: an address mailbox-store calls invalid (INVALID_ARGUMENT) failed the whole attempt, so the message
     * was retried forever. Now that recipient bounces at once (5.1.3, one DSN), and the others are delivered.
     */
    @Test
    void anAddressTheStoreCallsInvalidBouncesInsteadOfRetryingForever() {
        String qid = queueId();
        String bad = "invalid-" + qid.toLowerCase() + "@" + RecordingMailboxStore.LOCAL_DOMAIN;
        String ok = "ok@" + RecordingMailboxStore.LOCAL_DOMAIN;
        send(mail(qid, List.of(bad, ok), null, null, false));
        String status = await(() -> pool.preparedQuery("SELECT status, dsn FROM queue.delivery_log WHERE queue_id = $1 AND recipient = $2")
                .execute(Tuple.of(qid, bad)).await().atMost(WAIT).stream().map(r -> r.getString(0) + " " + r.getString(1)).findFirst()
                .orElse(""), s -> !s.isEmpty());
        assertEquals("bounced 5.1.3", status);
        assertEquals(List.of(ok), RecordingMailboxStore.of(qid).stream().map(Delivery::getRecipient).toList());
        assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM queue.deferred WHERE queue_id = $1").execute(Tuple.of(qid))
                .await().atMost(WAIT).iterator().next().getLong(0), "nothing left to retry");
        long dsns = pool.preparedQuery("SELECT (SELECT count(*) FROM queue.deferred WHERE queue_id LIKE $1 AND recipient = $2)"
                        + " + (SELECT count(*) FROM queue.delivery_log WHERE queue_id LIKE $1 AND recipient = $2)")
                .execute(Tuple.of(qid + "F%", sender(qid))).await().atMost(WAIT).iterator().next().getLong(0);
        assertTrue(dsns > 0, "a DSN to the sender");
    }

    /**
     * The hand-off (mailbox.proto SettleHandoff): a message smtp-ingress abandoned (it answered 451 when the broker's
     * outcome never came, and the client sends it again) turns up anyway and is dropped, acknowledged, with a qmgr
     * "removed" line; one claimed before (a redelivery) is delivered; a new one is claimed, then delivered.
     */
    @Test
    void anAbandonedMessageIsDroppedAndAClaimedOneDelivered() {
        List<String> removed = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                removed.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("maillog").addHandler(capture);
        try {
            String abandoned = queueId();
            String redelivered = queueId();
            String fresh = queueId();
            RecordingMailboxStore.HANDOFFS.put(abandoned, Handoff.ABANDONED);
            RecordingMailboxStore.HANDOFFS.put(redelivered, Handoff.CLAIMED);
            for (String qid : List.of(abandoned, redelivered, fresh)) {
                send(mail(qid, List.of("h-" + qid.toLowerCase() + "@" + RecordingMailboxStore.LOCAL_DOMAIN), null, null, false));
            }
            await(() -> removed.stream().anyMatch(l -> l.startsWith(abandoned + ": removed (smtpd answered 451")), b -> b);
            await(() -> sentRows(redelivered), n -> n == 1L);
            await(() -> sentRows(fresh), n -> n == 1L);
            assertEquals(Handoff.CLAIMED, RecordingMailboxStore.HANDOFFS.get(fresh), "claimed before it was delivered");
            assertEquals(Handoff.ABANDONED, RecordingMailboxStore.HANDOFFS.get(abandoned));
            assertTrue(RecordingMailboxStore.of(abandoned).isEmpty(), "the abandoned message is not delivered");
            assertEquals(0L, pool.preparedQuery("SELECT (SELECT count(*) FROM queue.deferred WHERE queue_id = $1)"
                            + " + (SELECT count(*) FROM queue.delivery_log WHERE queue_id = $1)").execute(Tuple.of(abandoned))
                    .await().atMost(WAIT).iterator().next().getLong(0), "nor queued, logged as sent or bounced");
        } finally {
            Logger.getLogger("maillog").removeHandler(capture);
        }
    }

    private long sentRows(String qid) {
        return pool.preparedQuery("SELECT count(*) FROM queue.delivery_log WHERE queue_id = $1 AND status = 'sent'")
                .execute(Tuple.of(qid)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private List<Boolean> smtputf8Column(String qid) {
        return pool.preparedQuery("SELECT smtputf8 FROM queue.deferred WHERE queue_id = $1 ORDER BY id").execute(Tuple.of(qid))
                .await().atMost(WAIT).stream().map(r -> r.getBoolean(0)).toList();
    }

    /** The last job of the test's queue id that {@link #runDue} claimed. */
    private Job claimed;

    /** One queue run as QueueRunner does it, limited to {@code qid}; other tests' due rows are given back untouched. */
    private int runDue(String qid) {
        List<Job> jobs = queue.claim(manager.owner(), 1000, Duration.ofMinutes(5)).await().atMost(WAIT);
        int mine = 0;
        for (Job job : jobs) {
            if (job.queueId().equals(qid)) {
                claimed = job;
                manager.attempt(job).await().atMost(WAIT);
                mine += job.recipients().size();
            } else {
                queue.release(job, manager.owner(), Duration.ZERO).await().atMost(WAIT);
            }
        }
        return mine;
    }

    private static InboundMail mail(String qid, List<String> rcpts, String quarantine, String mailbox, boolean smtputf8) {
        return new InboundMail(InboundMail.CURRENT_VERSION, qid, sender(qid), rcpts, "blob-" + qid, 100,
                System.currentTimeMillis(), "192.0.2.1", "client.test", null, null, null, null, smtputf8, null, quarantine,
                mailbox);
    }

    /** Through the broker, as smtp-ingress sends it: durable, confirmed by the broker before the test goes on. */
    private void send(InboundMail mail) {
        SharedInfra infra = SharedInfra.get();
        AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(infra.amqpHost()).setPort(infra.amqpPort()));
        try {
            AmqpConnection connection = client.connect().await().atMost(WAIT);
            AmqpSender sender = connection.createSender("mail-inbound").await().atMost(WAIT);
            sender.sendWithAck(AmqpMessage.create().durable(true).withBody(InboundMailCodec.encode(mail)).build())
                    .await().atMost(WAIT);
        } finally {
            client.close().await().atMost(WAIT);
        }
    }

    private static <T> T await(Supplier<T> call, java.util.function.Predicate<T> done) {
        long end = System.nanoTime() + WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                T t = call.get();
                if (done.test(t)) {
                    return t;
                }
            } catch (StatusRuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("condition not met within " + WAIT, last);
    }

    private static QueueEntryRequest req(String qid, String recipient) {
        return QueueEntryRequest.newBuilder().setQueueId(qid).setRecipient(recipient).build();
    }

    private static String queueId() {
        return "H" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    private static String sender(String qid) {
        return "sender-" + qid.toLowerCase() + "@sender.test";
    }
}
