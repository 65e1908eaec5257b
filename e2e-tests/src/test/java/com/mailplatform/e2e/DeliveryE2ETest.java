package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.Alias;
import com.mailplatform.common.grpc.mailbox.MailboxAliasesGrpc;
import com.mailplatform.common.grpc.queue.LogFilter;
import com.mailplatform.common.grpc.queue.LogPage;
import com.mailplatform.common.grpc.queue.QueueAdminGrpc;
import com.mailplatform.common.grpc.queue.QueueEntry;
import com.mailplatform.common.grpc.queue.QueueEntryRequest;
import com.mailplatform.common.grpc.queue.QueueFilter;
import com.mailplatform.common.grpc.queue.QueuePage;
import com.mailplatform.common.grpc.queue.RouteHost;
import com.mailplatform.common.grpc.queue.RouteReply;
import com.mailplatform.common.grpc.queue.RouteRequest;
import com.mailplatform.localstack.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import com.mailplatform.testsupport.Dnsmasq;
import com.mailplatform.testsupport.DebianPackages;
import com.mailplatform.testsupport.SmtpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Remote delivery against real parties: dnsmasq serves the test zones (MX, A, null MX), Postfix's smtp-sink plays
 * the remote MTAs on 127.0.0.2-127.0.0.8 port 25 (one accepts, one answers 4xx, one 5xx, one drops the connection
 * after the data, one is down), and two delivery-service replicas share one queue. Queue operations go through
 * delivery-service's QueueAdmin gRPC API with grpc-java. Mail goes in through the
 * platform's submission port with Python's smtplib; DSNs come back to the sender's mailbox and are read with poplib.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryE2ETest {

    private static final Pattern QUEUED = Pattern.compile("QUEUED (\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static LocalStack stack;
    private static Path dir;
    private static Dnsmasq dns;
    private static final Map<String, SmtpSink> sinks = new HashMap<>();
    private static final List<String> replicas = new ArrayList<>();

    @BeforeAll
    static void remoteWorld() throws Exception {
        stack = SharedStack.get();
        dir = stack.dataDir().resolve("delivery-e2e");
        SmtpSink.ensureInstalled();
        DebianPackages.ensure("python3-dkim");
        dns = new Dnsmasq(SharedStack.OFFSET + 53).authoritative("remote.test")
                // MX preference: the preferred host is down, the second one takes the mail.
                .mx("pref.remote.test", "mx1.pref.remote.test", 10).host("mx1.pref.remote.test", "127.0.0.9")
                .mx("pref.remote.test", "mx2.pref.remote.test", 20).host("mx2.pref.remote.test", "127.0.0.2")
                // No MX: the domain's own A record (RFC 5321 section 5.1).
                .host("afb.remote.test", "127.0.0.3")
                .mx("soft.remote.test", "mx.soft.remote.test", 10).host("mx.soft.remote.test", "127.0.0.4")
                .mx("hard.remote.test", "mx.hard.remote.test", 10).host("mx.hard.remote.test", "127.0.0.5")
                .mx("drop.remote.test", "mx.drop.remote.test", 10).host("mx.drop.remote.test", "127.0.0.6")
                .mx("expire.remote.test", "mx.expire.remote.test", 10).host("mx.expire.remote.test", "127.0.0.7")
                .mx("many.remote.test", "mx.many.remote.test", 10).host("mx.many.remote.test", "127.0.0.8")
                .mx("held.remote.test", "mx.held.remote.test", 10).host("mx.held.remote.test", "127.0.0.9")
                .nullMx("nullmx.remote.test")
                .start(dir.resolve("dnsmasq.log"));
        sink("127.0.0.2");
        sink("127.0.0.3");
        sink("127.0.0.4", "-r", "RCPT");
        sink("127.0.0.5", "-f", "RCPT");
        sink("127.0.0.6", "-q", ".");
        sink("127.0.0.7", "-r", "RCPT");
        // 127.0.0.8 starts down; 127.0.0.9 stays down.

        // Two replicas configured for this world replace the stack's delivery-service until the end of the class.
        stack.stopService("delivery-service");
        // Shift 0 takes the stack's own gRPC port, so admin-api's REST queue API reaches this queue too.
        replicas.add(replica(0));
        replicas.add(replica(200));
        for (String r : replicas) {
            stack.awaitReady(r);
        }
    }

    private static String replica(int shift) throws Exception {
        Map<String, String> o = new HashMap<>();
        o.put("quarkus.grpc.server.port", String.valueOf(stack.ports().deliveryGrpc() + shift));
        o.put("delivery.resolvers", "127.0.0.1:" + dns.port());
        o.put("delivery.myhostname", "mx.e2e.test");
        o.put("delivery.minimal-backoff-time", "2s");
        o.put("delivery.maximal-backoff-time", "4s");
        o.put("delivery.maximal-queue-lifetime", "25s");
        o.put("delivery.queue-run-delay", "1s");
        o.put("delivery.claim-lease", "20s");
        o.put("delivery.smtp-connect-timeout", "3s");
        o.put("delivery.smtp-command-timeout", "20s");
        o.put("delivery.smtp-data-done-timeout", "20s");
        o.put("delivery.retry-pause", "1s");
        // keys made by the DKIM test are used at once instead of after the default 60 s
        o.put("delivery.dkim.key-cache-time", "1s");
        return stack.startReplica("delivery-service", shift, o);
    }

    @AfterAll
    static void restore() throws Exception {
        for (String r : replicas) {
            stack.stopService(r);
        }
        stack.startService("delivery-service");
        stack.awaitReady("delivery-service");
        for (SmtpSink s : sinks.values()) {
            s.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    @Order(1)
    void mxPreferenceThenFallbackToA() throws Exception {
        String subject = "pref-" + UUID.randomUUID();
        String qid = send(subject, "alice@pref.remote.test", "bob@afb.remote.test");
        String pref = awaitLog(l -> l.contains(qid + ": to=<alice@pref.remote.test>") && l.contains("status=sent"));
        assertTrue(pref.contains("relay=mx2.pref.remote.test[127.0.0.2]:25"), pref);
        assertTrue(pref.contains("delays="), pref);
        String a = awaitLog(l -> l.contains(qid + ": to=<bob@afb.remote.test>") && l.contains("status=sent"));
        assertTrue(a.contains("relay=afb.remote.test[127.0.0.3]:25"), a);
        assertEquals(1, count(sinks.get("127.0.0.2"), subject, "alice@pref.remote.test"));
        assertEquals(1, count(sinks.get("127.0.0.3"), subject, "bob@afb.remote.test"));
        assertTrue(content(sinks.get("127.0.0.2"), subject).contains("\n.leading dot line"), "dot-stuffing undone by the receiver");
    }

    @Test
    @Order(2)
    void deferredThenSentAfterTheHostRecovers() throws Exception {
        String subject = "soft-" + UUID.randomUUID();
        String qid = send(subject, "carol@soft.remote.test");
        String deferred = awaitLog(l -> l.contains(qid + ": to=<carol@soft.remote.test>") && l.contains("status=deferred"));
        assertTrue(deferred.contains("dsn=4.3.0"), deferred);
        sinks.remove("127.0.0.4").close();
        sink("127.0.0.4");
        String sent = awaitLog(l -> l.contains(qid + ": to=<carol@soft.remote.test>") && l.contains("status=sent"));
        assertTrue(sent.contains("relay=mx.soft.remote.test[127.0.0.4]:25"), sent);
        assertEquals(1, count(sinks.get("127.0.0.4"), subject, "carol@soft.remote.test"));
    }

    @Test
    @Order(3)
    void permanentFailuresBounceOnceWithAReport() throws Exception {
        String qid = send("hard-" + UUID.randomUUID(), "dave@hard.remote.test", "erin@nullmx.remote.test");
        String hard = awaitLog(l -> l.contains(qid + ": to=<dave@hard.remote.test>") && l.contains("status=bounced"));
        assertTrue(hard.contains("dsn=5.3.0"), hard);
        String nullMx = awaitLog(l -> l.contains(qid + ": to=<erin@nullmx.remote.test>") && l.contains("status=bounced"));
        assertTrue(nullMx.contains("dsn=5.1.10"), nullMx);
        // One DSN per message and sender, naming both recipients, delivered to the local sender.
        String out = awaitDsn(qid, 1);
        assertTrue(out.contains("Final-Recipient: rfc822; dave@hard.remote.test"), out);
        assertTrue(out.contains("Final-Recipient: rfc822; erin@nullmx.remote.test"), out);
        assertTrue(out.contains("Status: 5.1.10"), out);
    }

    @Test
    @Order(4)
    void retriedUntilExpiryThenExactlyOneBounce() throws Exception {
        String qid = send("expire-" + UUID.randomUUID(), "frank@expire.remote.test");
        String dropped = send("drop-" + UUID.randomUUID(), "gina@drop.remote.test");
        String lost = awaitLog(l -> l.contains(dropped + ": to=<gina@drop.remote.test>") && l.contains("status=deferred"));
        assertTrue(lost.contains("lost connection") && lost.contains("dsn=4.4.2"), lost);
        String expired = awaitLog(l -> l.contains(qid + ": to=<frank@expire.remote.test>") && l.contains("status=bounced"));
        assertTrue(expired.contains("message expired after"), expired);
        long deferrals = logLines(l -> l.contains(qid + ": to=<frank@expire.remote.test>") && l.contains("status=deferred")).size();
        assertTrue(deferrals >= 3, "retried with backoff before expiry: " + deferrals);
        String report = awaitDsn(qid, 1);
        assertTrue(report.contains("Action: failed") && report.contains("Final-Recipient: rfc822; frank@expire.remote.test"), report);
        // Give a second replica every chance to make a second report: there must be none.
        Thread.sleep(5000);
        String out = SharedStack.python("delivery_e2e.py", env(), "dsn-count", qid);
        assertTrue(out.trim().endsWith("DSN 1"), out);
        assertEquals(1, logLines(l -> l.contains(qid + ": to=<frank@expire.remote.test>") && l.contains("status=bounced")).size());
    }

    @Test
    @Order(5)
    void twoReplicasDeliverEachRecipientExactlyOnce() throws Exception {
        List<String> subjects = new ArrayList<>();
        List<String> qids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String subject = "many-" + i + "-" + UUID.randomUUID();
            subjects.add(subject);
            qids.add(send(subject, "u1@many.remote.test", "u2@many.remote.test"));
        }
        // The host is down: every recipient is deferred, then both replicas race for the due entries.
        for (String qid : qids) {
            awaitLog(l -> l.contains(qid + ": to=<u2@many.remote.test>") && l.contains("status=deferred"));
        }
        sink("127.0.0.8");
        for (String qid : qids) {
            awaitLog(l -> l.contains(qid + ": to=<u1@many.remote.test>") && l.contains("status=sent"));
            awaitLog(l -> l.contains(qid + ": to=<u2@many.remote.test>") && l.contains("status=sent"));
        }
        Thread.sleep(3000);
        for (String s : subjects) {
            assertEquals(1, count(sinks.get("127.0.0.8"), s, "u1@many.remote.test"), s);
            assertEquals(1, count(sinks.get("127.0.0.8"), s, "u2@many.remote.test"), s);
        }
        assertTrue(logLines(l -> l.contains("status=sent") && l.contains("many.remote.test")).size() == 24);
        // Both replicas did part of the work.
        for (String r : replicas) {
            assertTrue(Files.readString(log(r)).contains("many.remote.test"), r + " delivered nothing");
        }
    }

    @Test
    @Order(6)
    void killMinusNineMidDeliveryLosesNothing() throws Exception {
        sinks.remove("127.0.0.8").close();
        sink("127.0.0.8", "-w", "3");
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String subject = "kill-" + i + "-" + UUID.randomUUID();
            subjects.add(subject);
            send(subject, "k@many.remote.test");
        }
        String victim = replicas.get(0);
        Thread.sleep(1500);
        stack.kill(victim);
        for (String s : subjects) {
            awaitCondition(() -> count(sinks.get("127.0.0.8"), s, "k@many.remote.test") >= 1, "delivered: " + s);
        }
        stack.startService(victim);
        stack.awaitReady(victim);
    }

    @Test
    @Order(7)
    void queueAdminHoldsListsAndReleaseDelivers() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.ports().deliveryGrpc() + 200).usePlaintext().build();
        try {
            QueueAdminGrpc.QueueAdminBlockingStub admin = QueueAdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            String subject = "held-" + UUID.randomUUID();
            String qid = send(subject, "hal@held.remote.test");
            awaitLog(l -> l.contains(qid + ": to=<hal@held.remote.test>") && l.contains("status=deferred"));
            // The operator's view through admin-api's REST API: the deferred message is listed, then held.
            // Polled: with a 2-4 s back-off and a queue run every second it may be in a retry (active) just then.
            String deferred = rest("GET", "/api/v1/queue?domain=held.remote.test&status=deferred");
            for (int i = 0; i < 150 && !deferred.contains("\"queueId\":\"" + qid + "\""); i++) {
                Thread.sleep(100);
                deferred = rest("GET", "/api/v1/queue?domain=held.remote.test&status=deferred");
            }
            assertTrue(deferred.contains("\"queueId\":\"" + qid + "\""), deferred);
            assertTrue(rest("POST", "/api/v1/queue/" + qid + "/hold").contains("\"affected\":1"));
            QueuePage held = admin.listQueue(QueueFilter.newBuilder().setDomain("held.remote.test").setStatus("hold").build());
            assertEquals(List.of(qid), held.getItemsList().stream().map(QueueEntry::getQueueId).toList());
            QueueEntry shown = admin.showQueueEntry(QueueEntryRequest.newBuilder().setQueueId(qid).build());
            assertEquals("hold", shown.getRecipients(0).getStatus());
            assertTrue(shown.getRecipients(0).getLastReply().contains("127.0.0.9"), shown.toString());
            // The host comes back, but a held entry waits for the operator.
            sink("127.0.0.9");
            Thread.sleep(6000);
            assertEquals(0, count(sinks.get("127.0.0.9"), subject, "hal@held.remote.test"));
            // admin-api lists the held message, then releases it: due now, and the runner is woken (a retry after it
            // would race the delivery it starts; queue_tools_e2e.py covers retry).
            String listed = rest("GET", "/api/v1/queue?domain=held.remote.test&status=hold");
            assertTrue(listed.contains("\"queueId\":\"" + qid + "\""), listed);
            assertTrue(rest("POST", "/api/v1/queue/" + qid + "/release").contains("\"affected\":1"));
            String sent = awaitLog(l -> l.contains(qid + ": to=<hal@held.remote.test>") && l.contains("status=sent"));
            assertTrue(sent.contains("relay=mx.held.remote.test[127.0.0.9]:25"), sent);
            assertEquals(1, count(sinks.get("127.0.0.9"), subject, "hal@held.remote.test"));
            LogPage log = admin.searchLog(LogFilter.newBuilder().setQueueId(qid).build());
            assertEquals("sent", log.getItems(0).getStatus());
            assertTrue(log.getItemsList().stream().anyMatch(e -> e.getStatus().equals("deferred")));
            assertEquals(0, admin.listQueue(QueueFilter.newBuilder().setDomain("held.remote.test").build()).getTotal());
            RouteReply route = admin.route(RouteRequest.newBuilder().setDomain("pref.remote.test").build());
            assertEquals("mx", route.getKind());
            assertEquals(List.of("mx1.pref.remote.test", "mx2.pref.remote.test"),
                    route.getHostsList().stream().map(RouteHost::getHost).toList());
            assertEquals(List.of("127.0.0.2"), route.getHosts(1).getAddressesList());
            assertEquals("null-mx", admin.route(RouteRequest.newBuilder().setDomain("nullmx.remote.test").build()).getKind());
            assertEquals("local", admin.route(RouteRequest.newBuilder().setDomain(SharedStack.DOMAIN).build()).getKind());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    @Order(8)
    void aliasesAreExpandedBeforeRouting() throws Exception {
        String alias = "fwd-" + UUID.randomUUID().toString().substring(0, 8) + "@" + SharedStack.DOMAIN;
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.ports().storeGrpc()).usePlaintext().build();
        try {
            MailboxAliasesGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).createAlias(Alias.newBuilder()
                    .setAddress(alias).addTargets("ext@afb.remote.test").addTargets(SharedStack.USER).build());
        } finally {
            channel.shutdownNow();
        }
        String subject = "alias-" + UUID.randomUUID();
        String qid = send(subject, alias);
        String remote = awaitLog(l -> l.contains(qid + ": to=<ext@afb.remote.test>") && l.contains("status=sent"));
        assertTrue(remote.contains("orig_to=<" + alias + ">, relay=afb.remote.test[127.0.0.3]:25"), remote);
        String local = awaitLog(l -> l.contains(qid + ": to=<" + SharedStack.USER + ">") && l.contains("status=sent"));
        assertTrue(local.contains("orig_to=<" + alias + ">, relay=local"), local);
        assertEquals(1, count(sinks.get("127.0.0.3"), subject, "ext@afb.remote.test"));
    }

    @Test
    @Order(9)
    void outboundMailIsSignedWithTheDomainsRsaAndEd25519KeysFromTheAdminApi() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String algorithm : List.of("rsa-sha256", "ed25519-sha256")) {
            String key = rest("POST", "/api/v1/domains/e2e.test/dkim-keys", "{\"algorithm\":\"" + algorithm + "\"}");
            Matcher selector = Pattern.compile("\"selector\"\\s*:\\s*\"([^\"]+)\"").matcher(key);
            Matcher txt = Pattern.compile("\"txtRecord\"\\s*:\\s*\"([^\"]+)\"").matcher(key);
            assertTrue(selector.find() && txt.find(), key);
            assertTrue(txt.group(1).startsWith(algorithm.startsWith("rsa") ? "v=DKIM1; k=rsa; p=" : "v=DKIM1; k=ed25519; p="),
                    key);
            env.put("DKIM_TXT_" + selector.group(1), txt.group(1));
        }
        // delivery-service remembers a domain's keys, their absence included, for delivery.dkim.key-cache-time (1 s
        // here): the earlier tests' mail from e2e.test may have been signed-checked moments ago, so let that pass
        Thread.sleep(1_500);
        String subject = "dkim-" + UUID.randomUUID();
        String qid = send(subject, "dk@afb.remote.test");
        awaitLog(l -> l.contains(qid + ": to=<dk@afb.remote.test>") && l.contains("status=sent"));
        String signed = content(sinks.get("127.0.0.3"), subject);
        assertTrue(signed.contains("a=ed25519-sha256") && signed.contains("a=rsa-sha256") && signed.contains("d=e2e.test"),
                signed);
        // dkimpy (Debian's python3-dkim), not our code, checks both signatures against the records admin-api showed.
        assertEquals(0, dkimVerify(signed, env, 2), signed);
        assertEquals(1, dkimVerify(signed.replace("body of " + subject, "changed body"), env, 2), "a changed body fails");
    }

    private static int dkimVerify(String message, Map<String, String> env, int signatures) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "src/test/python/dkim_verify.py",
                String.valueOf(signatures)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        System.out.println(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        return p.waitFor();
    }

    // --- helpers

    private static void sink(String address, String... options) throws Exception {
        sinks.put(address, SmtpSink.start(address, 25, dir, options));
    }

    private static Map<String, String> env() {
        return Map.of("SUBMISSION_PORT", String.valueOf(stack.ports().submission()));
    }

    /** Calls admin-api with the stack's admin token; fails unless the answer is 2xx. */
    private static String rest(String method, String path) throws Exception {
        return rest(method, path, null);
    }

    private static String rest(String method, String path, String json) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + stack.ports().adminHttp() + path))
                        .header("Authorization", "Bearer " + stack.adminToken()).header("Content-Type", "application/json")
                        .method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    private static String send(String subject, String... rcpts) throws Exception {
        List<String> args = new ArrayList<>(List.of("send", subject));
        args.addAll(List.of(rcpts));
        Matcher m = QUEUED.matcher(SharedStack.python("delivery_e2e.py", env(), args.toArray(String[]::new)));
        assertTrue(m.find());
        return m.group(1);
    }

    private static String awaitDsn(String qid, int atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = SharedStack.python("delivery_e2e.py", env(), "dsn-count", qid);
            if (Integer.parseInt(out.replaceAll("(?s).*DSN (\\d+)\\s*$", "$1")) >= atLeast) {
                return out;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no DSN for " + qid + ":\n" + out);
    }

    private static long count(SmtpSink sink, String subject, String rcpt) throws IOException {
        return sink.transactions().stream()
                .filter(t -> t.message().contains("Subject: " + subject + "\n") || t.message().contains("Subject: " + subject + "\r\n"))
                .filter(t -> t.recipients().contains(rcpt)).count();
    }

    private static String content(SmtpSink sink, String subject) throws IOException {
        return sink.transactions().stream().filter(t -> t.message().contains(subject)).findFirst().orElseThrow().message();
    }

    private static Path log(String service) {
        return stack.dataDir().resolve("logs").resolve(service + ".log");
    }

    private static List<String> logLines(Predicate<String> p) throws IOException {
        List<String> out = new ArrayList<>();
        for (String r : replicas) {
            Path f = log(r);
            if (Files.exists(f)) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.contains(" postfix/") && p.test(line)) {
                        out.add(line);
                    }
                }
            }
        }
        return out;
    }

    private static String awaitLog(Predicate<String> p) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> l = logLines(p);
            if (!l.isEmpty()) {
                System.out.println("maillog: " + l.get(0));
                return l.get(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no such maillog line within " + WAIT);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitCondition(Check c, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.ok()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + WAIT + ": " + what);
    }
}
