package com.mailplatform.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.delivery.queue.Job;
import com.mailplatform.delivery.queue.QueueManager;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sieve at local delivery: scripts from {@link RecordingSieveScripts}, deliveries recorded by {@link RecordingMailboxStore},
 * the queue (redirects, vacation replies, DSNs) and vacation suppression in the shared embedded PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class SieveDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    QueueManager manager;

    @Inject
    Pool pool;

    private static String qid() {
        return "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private static String account(String script) {
        String a = "s" + UUID.randomUUID().toString().substring(0, 8) + "@" + RecordingMailboxStore.LOCAL_DOMAIN;
        RecordingSieveScripts.ACTIVE.put(a, script);
        return a;
    }

    private void deliver(String qid, String sender, String rcpt, String message) {
        String blob = "blob-" + qid;
        RecordingMailboxStore.BLOBS.put(blob, message.getBytes(StandardCharsets.UTF_8));
        Job job = new Job(qid, sender, blob, message.length(), System.currentTimeMillis(), null, null,
                List.of(Job.Recipient.fresh(rcpt, null, null)), false, null, false);
        manager.attempt(job).await().atMost(WAIT);
    }

    private static String msg(String to, String extraHeaders, String body) {
        return "From: Alice <alice@example.org>\r\nTo: " + to + "\r\nSubject: Weekly report\r\nMessage-ID: <m1@example.org>\r\n"
                + extraHeaders + "\r\n" + body + "\r\n";
    }

    /** queue.deferred rows spawned from this message (queue id prefix): sender, recipient, blob id. */
    private List<Row> spawned(String qid) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery("SELECT queue_id, sender, recipient, blob_id FROM queue.deferred WHERE queue_id LIKE $1 ORDER BY queue_id")
                .execute(Tuple.of(qid + "%")).await().atMost(WAIT).forEach(out::add);
        return out;
    }

    private String lastLog(String qid) {
        return pool.preparedQuery("SELECT status || ' ' || dsn || ' ' || reply FROM queue.delivery_log WHERE queue_id = $1 ORDER BY id DESC LIMIT 1")
                .execute(Tuple.of(qid)).await().atMost(WAIT).iterator().next().getString(0);
    }

    @Test
    void fileintoWithFlagsAndACopyKeptInInbox() {
        String acct = account("require [\"fileinto\", \"imap4flags\", \"copy\", \"body\"];\n"
                + "if body :text :contains \"quarterly\" { addflag \"\\\\Flagged\"; fileinto :copy \"Reports\"; }\n"
                + "removeflag \"\\\\Flagged\"; addflag \"$Seen-by-sieve\";\n");
        String qid = qid();
        deliver(qid, "alice@example.org", acct, msg(acct, "", "the quarterly numbers"));
        List<Delivery> d = new ArrayList<>(RecordingMailboxStore.of(qid));
        d.addAll(RecordingMailboxStore.of(qid + ".1"));
        assertEquals(2, d.size(), d.toString());
        assertEquals("Reports", d.get(0).getMailbox());
        assertEquals(List.of("\\Flagged"), d.get(0).getFlagsList());
        assertEquals("", d.get(1).getMailbox(), "the implicit keep, to INBOX");
        assertEquals(List.of("$Seen-by-sieve"), d.get(1).getFlagsList(), "with the flags at the end of the script");
        assertTrue(lastLog(qid).startsWith("sent 2.0.0"), lastLog(qid));
    }

    @Test
    void rejectBouncesWithADsnAndStoresNothing() {
        String acct = account("require \"reject\"; reject \"I do not want this\";");
        String qid = qid();
        deliver(qid, "alice@example.org", acct, msg(acct, "", "x"));
        assertTrue(RecordingMailboxStore.of(qid).isEmpty());
        assertTrue(lastLog(qid).startsWith("bounced 5.7.1 rejected by the recipient's Sieve filter: I do not want this"), lastLog(qid));
        List<Row> dsn = spawned(qid);
        assertEquals(1, dsn.size(), "one DSN queued");
        assertEquals("", dsn.get(0).getString("sender"));
        assertEquals("alice@example.org", dsn.get(0).getString("recipient"));
    }

    @Test
    void vacationRepliesOncePerSenderAndNeverToListsOrTheNullSender() {
        String acct = account("require \"vacation\"; vacation :days 7 :subject \"Away\" \"I am away until Monday.\";");
        String q1 = qid();
        deliver(q1, "alice@example.org", acct, msg(acct, "", "hello"));
        List<Row> reply = spawned(q1);
        assertEquals(1, reply.size());
        assertEquals("", reply.get(0).getString("sender"), "RFC 5230 section 5.1: from <>");
        assertEquals("alice@example.org", reply.get(0).getString("recipient"));
        String content = new String(RecordingMailboxStore.BLOBS.get(reply.get(0).getString("blob_id")), StandardCharsets.UTF_8);
        assertTrue(content.contains("Subject: Away\r\n"), content);
        assertTrue(content.contains("Auto-Submitted: auto-replied"), content);
        assertTrue(content.contains("In-Reply-To: <m1@example.org>"), content);
        assertEquals(1, RecordingMailboxStore.of(q1).size(), "vacation does not cancel the implicit keep");

        String q2 = qid();
        deliver(q2, "Alice@Example.org", acct, msg(acct, "", "again"));
        assertTrue(spawned(q2).isEmpty(), "one reply per sender within :days");
        assertTrue(lastLog(q2).contains("already answered"), lastLog(q2));

        String q3 = qid();
        deliver(q3, "list-bounces@lists.example.org", acct, msg(acct, "List-Id: <dev.lists.example.org>\r\n", "list"));
        assertTrue(spawned(q3).isEmpty(), "no reply to a list");
        String q4 = qid();
        deliver(q4, "", acct, msg(acct, "", "a bounce"));
        assertTrue(spawned(q4).isEmpty(), "no reply to <>");
        String q5 = qid();
        deliver(q5, "carol@example.org", acct, msg("someone-else@example.org", "", "bcc'd"));
        assertTrue(spawned(q5).isEmpty(), "no reply when the recipient is not in To/Cc");
        String q6 = qid();
        deliver(q6, "dave@example.org", acct, msg(acct, "Precedence: bulk\r\n", "bulk"));
        assertTrue(spawned(q6).isEmpty(), "no reply to bulk mail");
        // a repeated attempt of the first message queues nothing more
        deliver(q1, "alice@example.org", acct, msg(acct, "", "hello"));
        assertEquals(1, spawned(q1).size());
    }

    @Test
    void redirectGoesThroughTheQueueWithLoopControl() {
        String acct = account("redirect \"carol@remote.test\";");
        String qid = qid();
        deliver(qid, "alice@example.org", acct, msg(acct, "", "fwd"));
        assertTrue(RecordingMailboxStore.of(qid).isEmpty(), "redirect cancels the implicit keep");
        List<Row> r = spawned(qid);
        assertEquals(1, r.size());
        assertEquals("carol@remote.test", r.get(0).getString("recipient"));
        assertEquals("alice@example.org", r.get(0).getString("sender"), "envelope sender kept (no SRS)");
        String content = new String(RecordingMailboxStore.BLOBS.get(r.get(0).getString("blob_id")), StandardCharsets.UTF_8);
        assertTrue(content.startsWith("Delivered-To: " + acct + "\r\n"), content);

        String looped = qid();
        deliver(looped, "alice@example.org", acct, "Delivered-To: " + acct + "\r\n" + msg(acct, "", "loop"));
        assertTrue(spawned(looped).isEmpty(), "a message that passed here already is not redirected again");
        assertEquals(1, RecordingMailboxStore.of(looped).size(), "but kept");
    }

    @Test
    void aFailingScriptKeepsTheMessage() {
        String acct = account("require \"fileinto\";\nfileinto :bogus \"x\";\n");
        String qid = qid();
        deliver(qid, "alice@example.org", acct, msg(acct, "", "x"));
        assertEquals(1, RecordingMailboxStore.of(qid).size());
        assertEquals("", RecordingMailboxStore.of(qid).get(0).getMailbox());
        assertTrue(lastLog(qid).contains("line 2"), lastLog(qid));
    }
}
