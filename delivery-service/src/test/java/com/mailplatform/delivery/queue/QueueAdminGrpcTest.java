package com.mailplatform.delivery.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.queue.LogFilter;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.QueueEntry;
import com.mailplatform.common.grpc.queue.QueueEntryRequest;
import com.mailplatform.common.grpc.queue.QueueFilter;
import com.mailplatform.common.grpc.queue.QueuePage;
import com.mailplatform.testsupport.SharedInfraResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** QueueAdmin over real gRPC and the claim protocol over the real (shared, embedded) PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class QueueAdminGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("queue-admin")
    QueueAdmin admin;

    @Inject
    Pool pool;

    @Inject
    DeferredQueue queue;

    private String entry(String sender, String... rcpts) {
        String qid = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        for (String r : rcpts) {
            pool.preparedQuery("INSERT INTO queue.deferred (queue_id, sender, recipient, blob_id, size, received_at,"
                            + " next_attempt_at, last_dsn, last_reply) VALUES ($1, $2, $3, 'blob', 42, now(), now() + interval '1 hour',"
                            + " '4.4.1', 'connect to mx: Connection refused')")
                    .execute(Tuple.of(qid, sender, r)).await().atMost(WAIT);
        }
        return qid;
    }

    private static QueueEntryRequest req(String qid) {
        return QueueEntryRequest.newBuilder().setQueueId(qid).build();
    }

    @Test
    void listFiltersAndShows() {
        String sender = "s-" + UUID.randomUUID() + "@list.test";
        String a = entry(sender, "x@one.test", "y@two.test");
        String b = entry(sender, "z@two.test");
        QueuePage all = admin.listQueue(QueueFilter.newBuilder().setSender(sender).build()).await().atMost(WAIT);
        assertEquals(2, all.getTotal());
        assertEquals(List.of(a, b), all.getItemsList().stream().map(QueueEntry::getQueueId).toList());
        QueuePage two = admin.listQueue(QueueFilter.newBuilder().setSender(sender).setDomain("two.test").build()).await().atMost(WAIT);
        assertEquals(2, two.getTotal());
        assertEquals(1, two.getItems(0).getRecipientsCount(), "only the matching recipients are listed");
        QueuePage page = admin.listQueue(QueueFilter.newBuilder().setSender(sender).setLimit(1).setOffset(1).build()).await().atMost(WAIT);
        assertEquals(List.of(b), page.getItemsList().stream().map(QueueEntry::getQueueId).toList());
        QueueEntry shown = admin.showQueueEntry(req(a)).await().atMost(WAIT);
        assertEquals(sender, shown.getSender());
        assertEquals(2, shown.getRecipientsCount());
        assertEquals("deferred", shown.getRecipients(0).getStatus());
        assertEquals("4.4.1", shown.getRecipients(0).getLastDsn());
    }

    /** Every queue state change commits on this pool: its sessions set synchronous_commit=on themselves (db/DurablePool). */
    @Test
    void queueSessionsCommitSynchronouslyBecauseTheServiceSaysSo() {
        assertEquals("on client", pool.query("SELECT setting || ' ' || source FROM pg_settings WHERE name = 'synchronous_commit'")
                .execute().await().atMost(WAIT).iterator().next().getString(0));
    }

    @Test
    void holdReleaseRetryNowDelete() {
        String sender = "s-" + UUID.randomUUID() + "@ops.test";
        String qid = entry(sender, "a@ops.test", "b@ops.test");
        assertEquals(1, admin.hold(QueueEntryRequest.newBuilder().setQueueId(qid).setRecipient("A@ops.test").build())
                .await().atMost(WAIT).getAffected());
        assertEquals(1, admin.listQueue(QueueFilter.newBuilder().setSender(sender).setStatus("hold").build()).await().atMost(WAIT).getTotal());
        // Due now; the held recipient stays held (postqueue -f does not flush the hold queue) and is not claimed.
        assertEquals(1, admin.retryNow(req(qid)).await().atMost(WAIT).getAffected());
        List<Job> claimed = claimAll("owner-1");
        assertEquals(List.of("b@ops.test"), recipientsOf(claimed, qid));
        assertEquals(1, admin.release(req(qid)).await().atMost(WAIT).getAffected(), "only what was held is released");
        assertEquals(List.of("a@ops.test"), recipientsOf(claimAll("owner-2"), qid));
        assertEquals("active", admin.showQueueEntry(req(qid)).await().atMost(WAIT).getRecipients(0).getStatus());
        assertEquals(2, admin.delete(req(qid)).await().atMost(WAIT).getAffected());
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> admin.showQueueEntry(req(qid)).await().atMost(WAIT));
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());
    }

    @Test
    void badRequestsGetInvalidArgument() {
        for (Uni<?> call : List.of(admin.showQueueEntry(req("")), admin.retryNow(req("")),
                admin.listQueue(QueueFilter.newBuilder().setStatus("bogus").build()),
                admin.route(com.mailplatform.common.grpc.queue.RouteRequest.newBuilder().setDomain("bad domain;").build()))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call.await().atMost(WAIT));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        }
    }

    @Test
    void concurrentClaimsNeverShareAnEntryAndALapsedLeaseFreesIt() throws Exception {
        String sender = "s-" + UUID.randomUUID() + "@claim.test";
        Set<String> qids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            qids.add(entry(sender, "r" + i + "@claim.test"));
        }
        pool.preparedQuery("UPDATE queue.deferred SET next_attempt_at = now() WHERE sender = $1").execute(Tuple.of(sender)).await().atMost(WAIT);
        // Two "replicas" claim at the same time, each wanting more than half.
        List<List<Job>> both = Uni.join().all(queue.claim("replica-a", 20, Duration.ofSeconds(1)),
                queue.claim("replica-b", 20, Duration.ofSeconds(1))).andFailFast().await().atMost(WAIT);
        Set<Long> a = rowIds(both.get(0), qids);
        Set<Long> b = rowIds(both.get(1), qids);
        assertTrue(a.stream().noneMatch(b::contains), "SKIP LOCKED: no row claimed twice");
        assertEquals(30, a.size() + b.size(), "all due rows claimed by one of them");
        assertTrue(rowIds(queue.claim("replica-c", 100, Duration.ofSeconds(30)).await().atMost(WAIT), qids).isEmpty(),
                "a claimed row is not due while its lease lasts");
        Thread.sleep(1500);
        // The claimers "died" (kill -9): after the lease every row is due again, nothing is lost.
        assertEquals(30, rowIds(queue.claim("replica-c", 100, Duration.ofSeconds(30)).await().atMost(WAIT), qids).size());
    }

    @Test
    void searchLogByQueueIdAndRecipient() {
        String qid = "L" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        pool.preparedQuery("INSERT INTO queue.delivery_log (queue_id, sender, recipient, relay, delay_ms, dsn, status, reply,"
                        + " orig_recipient, delays) VALUES ($1, 's@x.test', 'r@y.test', 'mx.y.test[192.0.2.1]:25', 1500, '2.0.0',"
                        + " 'sent', '250 ok', 'alias@x.test', '0.10/0.20/1.20')")
                .execute(Tuple.of(qid)).await().atMost(WAIT);
        var page = admin.searchLog(LogFilter.newBuilder().setQueueId(qid).build()).await().atMost(WAIT);
        assertEquals(1, page.getTotal());
        assertEquals("mx.y.test[192.0.2.1]:25", page.getItems(0).getRelay());
        assertEquals("0.10/0.20/1.20", page.getItems(0).getDelays());
        assertEquals(1, admin.searchLog(LogFilter.newBuilder().setQueueId(qid).setRecipient("ALIAS@x.test").build())
                .await().atMost(WAIT).getTotal());
        assertEquals(0, admin.searchLog(LogFilter.newBuilder().setQueueId(qid).setToMillis(1).build()).await().atMost(WAIT).getTotal());
        assertEquals(1, admin.searchLog(LogFilter.newBuilder().setQueueId(qid).setStatus("SENT").build()).await().atMost(WAIT).getTotal());
        assertEquals(0, admin.searchLog(LogFilter.newBuilder().setQueueId(qid).setStatus("deferred").build()).await().atMost(WAIT).getTotal());
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                () -> admin.searchLog(LogFilter.newBuilder().setStatus("sent' OR 1=1 --").build()).await().atMost(WAIT));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    }

    private List<Job> claimAll(String owner) {
        return queue.claim(owner, 1000, Duration.ofMinutes(5)).await().atMost(WAIT);
    }

    private static List<String> recipientsOf(List<Job> jobs, String qid) {
        return jobs.stream().filter(j -> j.queueId().equals(qid)).flatMap(j -> j.recipients().stream())
                .map(Job.Recipient::address).toList();
    }

    private static Set<Long> rowIds(List<Job> jobs, Set<String> qids) {
        Set<Long> ids = new HashSet<>();
        jobs.stream().filter(j -> qids.contains(j.queueId())).forEach(j -> j.recipients().forEach(r -> ids.add(r.rowId())));
        return ids;
    }
}
