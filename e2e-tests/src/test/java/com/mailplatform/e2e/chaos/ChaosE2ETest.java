package com.mailplatform.e2e.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.queue.QueueAdminGrpc;
import com.mailplatform.common.grpc.queue.QueueFilter;
import com.mailplatform.e2e.SharedStack;
import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.SmtpSink;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * "Never lose accepted mail" (ARCHITECTURE.md) under SIGKILL: tagged messages go in over SMTP (port 25 to local
 * accounts, port 587 with AUTH to local accounts and to a remote domain routed to Postfix's smtp-sink) from a few
 * client threads that retry like an MTA, while delivery-service, mailbox-store, smtp-ingress, imap-pop-gateway,
 * PostgreSQL and the broker are killed one after another and restarted by the local stack's supervisor. Then every
 * message answered 250 is in each recipient's INBOX (or the sink) exactly once, nothing answered 4xx/5xx is stored,
 * no UID was given to two messages, and the delivery queue drains.
 *
 * <p>It runs on the shared stack, last ({@code @Order} with the class orderer of junit-platform.properties), so its
 * kills disturb no other class, and restores what it replaced (delivery-service, to route the remote domain to the
 * sink) before it returns. System properties make it the longer run of {@code bench/chaos.sh}: {@code chaos.messages}
 * (default 400), {@code chaos.rate} (messages/s, default 8), {@code chaos.kills} ({@code sequence}: each part once,
 * the default; {@code random}: a random part every 10-30 s while the load lasts), {@code chaos.service-settings}
 * ({@code k=v,k=v} for mailbox-store and delivery-service, e.g. to show that {@code mail.db.synchronous-commit=off}
 * is refused), {@code chaos.drain-seconds} (default 120).
 */
@Order(Integer.MAX_VALUE)
class ChaosE2ETest {

    private static final String DOMAIN = "chaos.test";
    private static final String REMOTE = "sink.test";
    private static final String PASSWORD = "chaos-password-1";
    private static final String SENDER = "sender@" + DOMAIN;
    private static final List<String> ACCOUNTS = List.of("a0@" + DOMAIN, "a1@" + DOMAIN, "a2@" + DOMAIN, "a3@" + DOMAIN);
    /** The parts killed, in this order: the data path from the queue consumer back to the front doors, then the data. */
    private static final List<String> VICTIMS = List.of("delivery-service", "mailbox-store", "smtp-ingress", "imap-pop-gateway",
            LocalStack.POSTGRES, LocalStack.BROKER);

    private static final int MESSAGES = Integer.getInteger("chaos.messages", 400);
    private static final double RATE = Double.parseDouble(System.getProperty("chaos.rate", "8"));
    private static final boolean RANDOM_KILLS = "random".equals(System.getProperty("chaos.kills", "sequence"));
    private static final String SERVICE_SETTINGS = System.getProperty("chaos.service-settings", "");
    private static final Duration DRAIN = Duration.ofSeconds(Long.getLong("chaos.drain-seconds", 120));

    private static LocalStack stack;
    private static SmtpSink sink;
    /** Part names as the stack knows them: the services this test replaced are replicas with shift 0. */
    private static final Map<String, String> partKeys = new HashMap<>();

    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final Pattern tagPattern = Pattern.compile("chaos" + run + "-\\d+");
    /** What each message was sent to and every attempt it took, by tag. */
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<ChaosSender.Attempt> attempts = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();

    private record Sent(List<String> rcpts, List<ChaosSender.Attempt> attempts) {
        boolean queued() {
            return attempts.stream().anyMatch(a -> a.ending() == ChaosSender.Ending.QUEUED);
        }

        /** Copies the server may have stored: one if answered 250, plus one per attempt whose reply was lost after the dot. */
        long allowedCopies() {
            return (queued() ? 1 : 0) + attempts.stream().filter(a -> a.ending() == ChaosSender.Ending.LOST_AFTER_DOT).count();
        }
    }

    @BeforeAll
    static void replaceDeliveryService() throws Exception {
        stack = SharedStack.get();
        Path dir = stack.dataDir().resolve("chaos");
        sink = SmtpSink.start("127.0.0.1", SharedStack.OFFSET + 2525, dir);
        stack.admin("POST", "/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}");
        for (String a : concat(ACCOUNTS, List.of(SENDER))) {
            stack.admin("POST", "/api/v1/accounts", "{\"address\":\"" + a + "\",\"password\":\"" + PASSWORD + "\"}");
        }
        Map<String, String> extra = settings(SERVICE_SETTINGS);
        if (!extra.isEmpty()) {
            stack.stopService("mailbox-store");
            partKeys.put("mailbox-store", stack.startReplica("mailbox-store", 0, extra));
            stack.awaitReady(partKeys.get("mailbox-store"));
        }
        Map<String, String> d = new LinkedHashMap<>(extra);
        d.put("delivery.transport", REMOTE + "=[127.0.0.1]:" + (SharedStack.OFFSET + 2525));
        // Deferred recipients come back within seconds, and a killed replica's claims expire in 20 s, not 20 min.
        d.put("delivery.minimal-backoff-time", "2s");
        d.put("delivery.maximal-backoff-time", "4s");
        d.put("delivery.queue-run-delay", "1s");
        d.put("delivery.claim-lease", "20s");
        d.put("delivery.retry-pause", "1s");
        stack.stopService("delivery-service");
        partKeys.put("delivery-service", stack.startReplica("delivery-service", 0, d));
        stack.awaitReady(partKeys.get("delivery-service"));
    }

    @AfterAll
    static void restore() throws Exception {
        for (Map.Entry<String, String> e : partKeys.entrySet()) {
            stack.stopService(e.getValue());
            stack.startService(e.getKey());
        }
        for (String name : partKeys.keySet()) {
            stack.awaitReady(name);
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void acceptedMailSurvivesKillingEveryPart() throws Exception {
        ImapProbe probe = new ImapProbe(stack.ports().imaps(), ACCOUNTS.get(0), PASSWORD);
        Thread probeThread = new Thread(probe, "chaos-imap-probe");
        probeThread.start();
        MailboxCensus census = new MailboxCensus(stack.ports().imaps(), PASSWORD, tagPattern);
        Thread censusThread = new Thread(() -> censusDuringTheRun(census), "chaos-census");
        censusThread.setDaemon(true);
        censusThread.start();

        long start = System.nanoTime();
        Load load = new Load();
        List<Thread> clients = new ArrayList<>();
        for (int w = 0; w < Load.CLIENTS; w++) {
            int worker = w;
            Thread t = new Thread(() -> load.client(worker), "chaos-client-" + w);
            t.start();
            clients.add(t);
        }
        Thread.sleep(5000);
        if (RANDOM_KILLS) {
            Random random = new Random();
            while (load.started.get() < MESSAGES) {
                faults.add(kill(VICTIMS.get(random.nextInt(VICTIMS.size()))));
                Thread.sleep(10_000 + random.nextInt(20_000));
            }
        } else {
            for (String victim : VICTIMS) {
                faults.add(kill(victim));
                // let clients find out and recover before the next fault, so each fault's cost is its own
                Thread.sleep(3000);
            }
        }
        load.killsDone = true;
        for (Thread t : clients) {
            t.join();
        }
        long loadEnd = System.nanoTime();
        censusThread.interrupt();

        long drainStart = System.nanoTime();
        String drained = awaitDrained(census);
        long drainedAt = System.nanoTime();
        Map<String, Map<String, Integer>> boxes = new HashMap<>();
        for (String account : ACCOUNTS) {
            boxes.put(account, census.count(account));
        }
        Map<String, Integer> atSink = sinkCopies();
        probe.stop();
        probeThread.join();

        report(start, loadEnd, drainedAt - drainStart, census, probe, boxes, atSink);
        List<String> problems = problems(boxes, atSink);
        problems.addAll(census.reuses());
        assertEquals(List.of(), problems, "accepted mail lost or duplicated, or a UID reused");
        assertEquals("", drained, "the delivery queue did not drain within " + DRAIN);
        assertTrue(sent.values().stream().filter(Sent::queued).count() >= MESSAGES * 9L / 10,
                "most messages must get through the faults: " + sent.values().stream().filter(Sent::queued).count());
    }

    /** The clients: each sends its own share of the messages at the common rate, retrying each until it is answered. */
    private final class Load {
        static final int CLIENTS = 4;
        final AtomicInteger started = new AtomicInteger();
        volatile boolean killsDone;
        private final long t0 = System.nanoTime();

        void client(int worker) {
            boolean submission = worker % 2 == 1;
            ChaosSender sender = new ChaosSender(submission
                    ? new ChaosSender.Endpoint(stack.ports().submission(), true, SENDER, PASSWORD)
                    : new ChaosSender.Endpoint(stack.ports().smtp(), false, null, null), SENDER);
            while (true) {
                int i = started.getAndIncrement();
                if (i >= MESSAGES && killsDone) {
                    return;
                }
                pace(i);
                String tag = "chaos" + run + "-" + i;
                List<String> rcpts = new ArrayList<>(List.of(ACCOUNTS.get(i % ACCOUNTS.size())));
                if (submission && i % 3 == 0) {
                    rcpts.add("r" + i + "@" + REMOTE);
                }
                Sent s = new Sent(rcpts, new ArrayList<>());
                sent.put(tag, s);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                long backoff = 250;
                while (System.nanoTime() < deadline) {
                    ChaosSender.Attempt a = sender.attempt(tag, rcpts);
                    synchronized (s) {
                        s.attempts().add(a);
                    }
                    synchronized (attempts) {
                        attempts.add(a);
                    }
                    if (a.ending() == ChaosSender.Ending.QUEUED || a.ending() == ChaosSender.Ending.REJECTED) {
                        break;
                    }
                    sleep(backoff);
                    backoff = Math.min(2000, backoff * 2);
                }
            }
        }

        /** Message i starts no earlier than i / RATE seconds into the run. */
        private void pace(int i) {
            long due = t0 + (long) (i / RATE * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(TimeUnit.NANOSECONDS.toMillis(wait));
            }
        }
    }

    private Fault kill(String victim) throws Exception {
        String key = partKeys.getOrDefault(victim, victim);
        long at = System.nanoTime();
        long pid = stack.kill(key);
        stack.awaitHealthy(key, Duration.ofSeconds(120));
        Fault f = new Fault(victim, pid, at, System.nanoTime());
        System.out.printf("[chaos] killed %s (pid %d), healthy again after %.1f s%n", victim, pid, (f.healthyAt() - at) / 1e9);
        return f;
    }

    /** Reads the INBOXes now and then while the faults go on, so a UID that is reissued later is caught. */
    private void censusDuringTheRun(MailboxCensus census) {
        while (!Thread.currentThread().isInterrupted()) {
            for (String account : ACCOUNTS) {
                try {
                    census.count(account);
                } catch (Exception unavailableRightNow) {
                    // a killed part: the next round reads it
                }
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until every message answered 250 is where it belongs and the queue is empty; returns what is missing. */
    private String awaitDrained(MailboxCensus census) throws Exception {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        String missing = "";
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.ports().deliveryGrpc()).usePlaintext().build();
        try {
            while (System.nanoTime() < deadline) {
                try {
                    Map<String, Map<String, Integer>> boxes = new HashMap<>();
                    for (String account : ACCOUNTS) {
                        boxes.put(account, census.count(account));
                    }
                    Map<String, Integer> atSink = sinkCopies();
                    long absent = sent.entrySet().stream().filter(e -> e.getValue().queued())
                            .flatMap(e -> e.getValue().rcpts().stream().map(r -> copies(boxes, atSink, r, e.getKey())))
                            .filter(c -> c == 0).count();
                    long queued = QueueAdminGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .listQueue(QueueFilter.newBuilder().build()).getTotal();
                    missing = absent + " accepted recipient copies not delivered, " + queued + " recipients in the queue";
                    if (absent == 0 && queued == 0) {
                        return "";
                    }
                } catch (Exception e) {
                    missing = e.toString();
                }
                Thread.sleep(1000);
            }
        } finally {
            channel.shutdownNow();
        }
        return missing;
    }

    private List<String> problems(Map<String, Map<String, Integer>> boxes, Map<String, Integer> atSink) {
        List<String> problems = new ArrayList<>();
        sent.forEach((tag, s) -> {
            for (String rcpt : s.rcpts()) {
                int n = copies(boxes, atSink, rcpt, tag);
                if (s.queued() && n == 0) {
                    problems.add("LOST " + tag + " to " + rcpt + " (answered 250 " + s.attempts() + ")");
                } else if (n > s.allowedCopies()) {
                    problems.add((s.queued() ? "DUPLICATED " : "STORED WITHOUT 250 ") + tag + " to " + rcpt + ": " + n
                            + " copies after " + s.attempts());
                }
            }
        });
        return problems;
    }

    private static int copies(Map<String, Map<String, Integer>> boxes, Map<String, Integer> atSink, String rcpt, String tag) {
        if (rcpt.endsWith("@" + REMOTE)) {
            return atSink.getOrDefault(rcpt + " " + tag, 0);
        }
        return boxes.get(rcpt).getOrDefault(tag, 0);
    }

    /** Copies at the sink by "recipient tag". */
    private Map<String, Integer> sinkCopies() throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (SmtpSink.Transaction t : sink.transactions()) {
            Matcher m = tagPattern.matcher(t.message());
            if (m.find()) {
                for (String r : t.recipients()) {
                    out.merge(r + " " + m.group(), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private void report(long start, long loadEnd, long drainNanos, MailboxCensus census, ImapProbe probe,
                        Map<String, Map<String, Integer>> boxes, Map<String, Integer> atSink) throws Exception {
        List<ChaosSender.Attempt> all;
        synchronized (attempts) {
            all = new ArrayList<>(attempts);
        }
        all.sort(Comparator.comparingLong(ChaosSender.Attempt::atNanos));
        List<ImapProbe.Observation> seen = probe.observations();
        StringBuilder sb = new StringBuilder();
        long queued = sent.values().stream().filter(Sent::queued).count();
        long rejected = sent.values().stream().filter(s -> !s.queued()).count();
        Map<ChaosSender.Ending, Long> endings = new java.util.EnumMap<>(ChaosSender.Ending.class);
        all.forEach(a -> endings.merge(a.ending(), 1L, Long::sum));
        sb.append(String.format("chaos run %s: %d messages (%d answered 250, %d never), %d attempts %s, load %.1f s, drained %.1f s"
                        + " after the load, %d UIDs tracked, %d copies in mailboxes, %d at the sink%n",
                run, sent.size(), queued, rejected, all.size(), endings, (loadEnd - start) / 1e9, drainNanos / 1e9,
                census.uidsSeen(), boxes.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum(),
                atSink.values().stream().mapToInt(Integer::intValue).sum()));
        for (int i = 0; i < faults.size(); i++) {
            long until = i + 1 < faults.size() ? faults.get(i + 1).killedAt() : loadEnd;
            sb.append("  ").append(faults.get(i).report(until, all, seen)).append('\n');
        }
        sent.forEach((tag, s) -> {
            if (!s.queued()) {
                sb.append("  never answered 250: ").append(tag).append(' ').append(s.attempts()).append('\n');
            }
        });
        System.out.print(sb);
        Files.writeString(Path.of("target/chaos-report-" + run + ".txt"), sb.toString(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> settings(String kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : kv.split(",")) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                m.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
            }
        }
        return m;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
