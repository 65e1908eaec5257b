package com.mailplatform.smtp.checks;

import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.FilterSession;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.testsupport.TestDnsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the sender checks cost with a slow, lossy resolver: SESSIONS clients each sending messages one after the
 * other (MAIL: DNSBL + SPF, end of data: DKIM + DMARC) from DOMAINS sender domains, against a DNS server that
 * answers after DELAY ms and drops LOSS of the questions. A benchmark, run on demand:
 * {@code -Dtest=CheckDnsBench -Dbench=true [-Dbench.messages=2000 -Dbench.sessions=20 -Dbench.domains=100
 * -Dbench.delay=100 -Dbench.loss=0.1]}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class CheckDnsBench {

    /** The slow, lossy resolver, then for reference one that answers at once and loses nothing. */
    @Test
    void slowLossyResolver() throws Exception {
        int messages = Integer.getInteger("bench.messages", 2000);
        int sessions = Integer.getInteger("bench.sessions", 20);
        int domains = Integer.getInteger("bench.domains", 100);
        run(messages, sessions, domains, Integer.getInteger("bench.delay", 100),
                Double.parseDouble(System.getProperty("bench.loss", "0.1")));
        run(messages, sessions, domains, 0, 0);
    }

    private void run(int messages, int sessions, int domains, int delay, double loss) throws Exception {
        try (TestDnsServer server = new TestDnsServer()) {
            for (int i = 0; i < domains; i++) {
                server.txt("d" + i + ".test", "v=spf1 ip4:127.0.0.0/8 -all", 3600)
                        .txt("_dmarc.d" + i + ".test", "v=DMARC1; p=reject", 3600);
            }
            server.delay(Duration.ofMillis(delay)).loss(loss);
            ExecutorService worker = Executors.newFixedThreadPool(20);
            CheckDns dns = new CheckDns(List.of(server.address()), Duration.ofSeconds(20), Duration.ofSeconds(5));
            SpfCheck spf = new SpfCheck(true, false, dns, new ChecksScope(null));
            Dnsbl bl = new Dnsbl(List.of(Dnsbl.Zone.parse("bl.test")), dns, new ChecksScope(null));
            SenderAuthentication auth = new SenderAuthentication(new ChecksScope(null), "mx.bench.test",
                    new DkimVerification(dns, 5, worker), new DmarcDiscovery(dns), new DmarcPolicy(true, () -> 0),
                    "Junk");
            // One message first, alone: SmallRye's context propagation initialises once, and not thread-safely.
            FilterContext warm = new FilterContext("W", "smtp", "127.0.2.1", "client.example", false, null,
                    "a@warm.test", List.of("rcpt@e2e.test"), null, new FilterSession());
            spf.onMail(warm).await().indefinitely();
            auth.onMessage(warm, AuthDns.message("a@warm.test", "warm", "").getBytes(StandardCharsets.UTF_8))
                    .await().indefinitely();
            server.clearQueries();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger temperrors = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(sessions);
            long t0 = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                String client = "127.0.1." + (s + 1);
                running.add(clients.submit(() -> {
                    for (int n = next.getAndIncrement(); n < messages; n = next.getAndIncrement()) {
                        String from = "u" + n + "@d" + (n % domains) + ".test";
                        FilterContext ctx = new FilterContext("Q" + n, "smtp", client, "client.example", false, null,
                                from, List.of("rcpt@e2e.test"), null, new FilterSession());
                        bl.onConnect(ctx).await().indefinitely();
                        bl.onMail(ctx).await().indefinitely();
                        spf.onMail(ctx).await().indefinitely();
                        Verdict v = auth.onMessage(ctx, AuthDns.message(from, "bench", "")
                                .getBytes(StandardCharsets.UTF_8)).await().indefinitely();
                        if (v.headers().get(0).contains("temperror")) {
                            temperrors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH %d messages, %d sessions, %d domains, DNS delay %d ms, loss %.0f%%: %.1f s,"
                            + " %.0f messages/s, %d questions reached the server (%.2f per message), %d temperror%n",
                    messages, sessions, domains, delay, loss * 100, s, messages / s, server.queries().size(),
                    server.queries().size() / (double) messages, temperrors.get());
            clients.shutdownNow();
            worker.shutdownNow();
        }
    }
}
