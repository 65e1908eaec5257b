package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.e2e.AdminE2ETest.Run;
import com.mailplatform.localstack.LocalStack;
import com.mailplatform.mailctl.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * postqueue/postsuper/postcat against the running platform (issue 16): mail for unreachable.test defers (its
 * transport entry names a port nothing listens on, so no DNS is asked), then queue_tools_e2e.py holds, releases and
 * retries it and measures that each produces an attempt within a second, retries by domain, reads a message,
 * requeues one after its alias changed, deletes by domain, and finds the postsuper lines in the mail log. mailctl's
 * queue commands run in this JVM. A delivery-service replica with the transport entry replaces the stack's own for
 * the class (on its gRPC port, so admin-api reaches it); the queue run delay stays at its default (10 s), so an
 * attempt within a second can only come from the runner being woken.
 */
class QueueToolsE2ETest {

    private static final Pattern QUEUED = Pattern.compile("QUEUED (\\S+)");
    static LocalStack stack;
    static String replica;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        stack.stopService("delivery-service");
        Map<String, String> o = new HashMap<>();
        o.put("quarkus.grpc.server.port", String.valueOf(stack.ports().deliveryGrpc()));
        o.put("delivery.transport", "unreachable.test=[127.0.0.1]:9");
        o.put("delivery.smtp-connect-timeout", "3s");
        replica = stack.startReplica("delivery-service", 0, o);
        stack.awaitReady(replica);
    }

    @AfterAll
    static void restore() throws Exception {
        stack.stopService(replica);
        stack.startService("delivery-service");
        stack.awaitReady("delivery-service");
    }

    private static Run admin(String... args) {
        return AdminE2ETest.mailctlAt("http://127.0.0.1:" + stack.ports().adminHttp(), stack.adminToken(), args);
    }

    static Map<String, String> env() {
        return Map.of("SUBMISSION_PORT", String.valueOf(stack.ports().submission()),
                "MAILLOG", stack.dataDir().resolve("logs").resolve(replica + ".log").toString());
    }

    @Test
    void holdReleaseRetryBulkViewRequeueDelete() throws Exception {
        SharedStack.python("queue_tools_e2e.py", env(), "tools");
    }

    @Test
    void mailctlQueueCommands() throws Exception {
        String rcpt = "cli-" + UUID.randomUUID().toString().substring(0, 8) + "@unreachable.test";
        Matcher m = QUEUED.matcher(SharedStack.python("queue_tools_e2e.py", env(), "send", rcpt));
        assertTrue(m.find());
        String qid = m.group(1);
        Matcher m2 = QUEUED.matcher(SharedStack.python("queue_tools_e2e.py", env(), "send", "cli2-" + rcpt));
        assertTrue(m2.find());

        Run show = admin("queue", "show", qid);
        assertEquals(ExitCodes.OK, show.code(), show.err());
        assertTrue(show.out().contains("*** ENVELOPE RECORDS " + qid + " ***") && show.out().contains("recipient: " + rcpt)
                && show.out().contains("Subject: queue tools cli") && show.out().contains("*** MESSAGE FILE END " + qid + " ***"), show.out());
        Run envelope = admin("queue", "show", "-e", qid);
        assertTrue(envelope.out().contains(rcpt) && !envelope.out().contains("Subject:"), envelope.out());

        Run held = admin("queue", "hold", "ALL", "--domain", "unreachable.test", "--state", "deferred");
        assertEquals(ExitCodes.OK, held.code(), held.err());
        assertTrue(held.out().startsWith("hold: ") && held.out().contains(qid), held.out());
        Run dry = admin("queue", "release", "--domain", "unreachable.test", "--dry-run");
        assertTrue(dry.out().startsWith("would release: "), dry.out());
        assertEquals(ExitCodes.OK, admin("queue", "release", "ALL", "--domain", "unreachable.test").code());
        // Release woke the runner, so the message may be in its (refused) attempt right now: requeue then answers 409
        // and leaves it alone; asked again once the attempt has ended, it is requeued.
        Run requeued = admin("queue", "requeue", qid);
        for (int i = 0; i < 50 && requeued.code() == ExitCodes.CONFLICT; i++) {
            assertTrue(requeued.err().contains("being delivered right now"), requeued.err());
            Thread.sleep(200);
            requeued = admin("queue", "requeue", qid);
        }
        assertEquals(ExitCodes.OK, requeued.code(), requeued.err());
        assertTrue(requeued.out().startsWith("requeue " + qid + ": 1 recipient"), requeued.out());
        assertEquals(ExitCodes.INVALID, admin("queue", "retry", "--older-than", "2 fortnights").code());

        // Two messages and no terminal to confirm on: refused; with --yes, done.
        Run refused = admin("queue", "delete", "ALL", "--domain", "unreachable.test");
        assertEquals(ExitCodes.USAGE, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("--yes"), refused.err());
        Run deleted = admin("queue", "delete", "ALL", "--domain", "unreachable.test", "--yes");
        assertEquals(ExitCodes.OK, deleted.code(), deleted.err());
        assertTrue(deleted.out().contains(qid), deleted.out());
        assertEquals(ExitCodes.NOT_FOUND, admin("queue", "show", "-e", qid).code());

        Run log = admin("log", "search", "--queue-id", qid);
        assertTrue(log.out().contains("ORIG TO"), log.out());
        String maillog = Files.readString(Path.of(env().get("MAILLOG")));
        for (String event : new String[]{"placed on hold", "released from hold", "requeued", "removed"}) {
            assertTrue(maillog.matches("(?s).*postsuper\\[\\d+\\]: " + qid + ": " + event + "\n.*"), event + " of " + qid + " in the mail log");
        }
    }
}
