package com.mailplatform.smtp.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.dns.CachingResolver;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.FilterSession;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.testsupport.TestClock;
import com.mailplatform.testsupport.TestDnsServer;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * The sender checks' DNS against an in-process DNS server that can be slow, drop datagrams and answer NXDOMAIN
 * without an SOA: only TXT is asked for SPF, answers are cached (positive by TTL, negative by the SOA or the
 * default, failures briefly), concurrent identical questions share one query, queries in flight are bounded, and a
 * dead resolver gives temperror within the check timeout while the message is still accepted.
 */
class CheckDnsTest {

    static final String ID = "mx.checks.test";
    static final CachingResolver.Settings SETTINGS = new CachingResolver.Settings(1000, Duration.ofHours(1),
            Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(5), 256, 4096);

    TestDnsServer server;
    TestClock clock;
    ExecutorService worker;

    @BeforeEach
    void start() throws Exception {
        server = new TestDnsServer()
                .txt("spf.test", "v=spf1 ip4:127.0.0.0/8 -all", 300)
                .txt("_dmarc.spf.test", "v=DMARC1; p=reject", 300)
                .txt("short.test", "v=spf1 -all", 10)
                .a("2.0.0.127.bl.test", "127.0.0.2", 300);
        clock = new TestClock();
        worker = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        server.close();
        worker.shutdownNow();
    }

    CheckDns dns(Duration checkTimeout, Duration dnsTimeout, CachingResolver.Settings settings) {
        return new CheckDns(List.of(server.address()), checkTimeout, dnsTimeout, settings, clock);
    }

    CheckDns dns() {
        return dns(Duration.ofSeconds(5), Duration.ofSeconds(2), SETTINGS);
    }

    /** MAIL then end of data, as the session calls the filters. */
    Verdict deliver(CheckDns d, String mailFrom) {
        FilterContext ctx = new FilterContext("Q" + System.nanoTime(), "smtp", "127.0.0.1", "client.example", false,
                null, mailFrom, List.of("rcpt@e2e.test"), null, new FilterSession());
        SpfCheck spf = new SpfCheck(true, false, d, new ChecksScope(null));
        assertEquals(Verdict.Action.CONTINUE, spf.onMail(ctx).await().atMost(Duration.ofSeconds(10)).action());
        SenderAuthentication auth = new SenderAuthentication(new ChecksScope(null), ID,
                new DkimVerification(d, 5, worker), new DmarcDiscovery(d), new DmarcPolicy(true, () -> 0), "Junk");
        byte[] message = AuthDns.message(mailFrom, "dns", "").getBytes(StandardCharsets.UTF_8);
        return auth.onMessage(ctx, message).await().atMost(Duration.ofSeconds(10));
    }

    static String ar(Verdict v) {
        assertEquals(1, v.headers().size(), v.toString());
        return v.headers().get(0).replace("\r\n\t", " ");
    }

    @Test
    void spfAsksTxtOnlyAndTheSecondMessageAsksNothing() {
        CheckDns d = dns();
        String first = ar(deliver(d, "a@spf.test"));
        assertTrue(first.contains("spf=pass smtp.mailfrom=a@spf.test") && first.contains("dmarc=pass"), first);
        // RFC 7208 section 3.1: TXT only, never the obsolete type SPF (99).
        assertEquals(List.of(new TestDnsServer.Query("spf.test.", Type.TXT),
                new TestDnsServer.Query("_dmarc.spf.test.", Type.TXT)), server.queries());
        assertEquals(first.replace("a@spf.test", "b@spf.test"), ar(deliver(d, "b@spf.test")));
        assertEquals(2, server.queries().size(), "the second message from the domain is answered from the cache");
        assertEquals(2, d.resolver().upstreamQueries());
    }

    @Test
    void answersExpireWithTheirTtl() {
        CheckDns d = dns();
        assertEquals(List.of("v=spf1 -all"), d.txt("short.test").await().indefinitely());
        clock.advance(Duration.ofSeconds(9));
        d.txt("short.test").await().indefinitely();
        assertEquals(1, server.queries("short.test"));
        clock.advance(Duration.ofSeconds(2));
        d.txt("short.test").await().indefinitely();
        assertEquals(2, server.queries("short.test"), "asked again after its 10 s TTL");
    }

    @Test
    void nxdomainWithoutSoaIsCachedForTheDefaultNegativeTtl() {
        CheckDns d = dns();
        assertEquals(List.of(), d.txt("_dmarc.nowhere.test").await().indefinitely());
        assertEquals(List.of(), d.txt("_dmarc.nowhere.test").await().indefinitely());
        assertEquals(1, server.queries("_dmarc.nowhere.test"));
        clock.advance(Duration.ofSeconds(61));
        d.txt("_dmarc.nowhere.test").await().indefinitely();
        assertEquals(2, server.queries("_dmarc.nowhere.test"));
    }

    @Test
    void nxdomainWithSoaIsCachedForTheSoaMinimum() {
        server.negativeSoa("test", Duration.ofSeconds(20));
        CheckDns d = dns();
        d.txt("gone.test").await().indefinitely();
        clock.advance(Duration.ofSeconds(19));
        d.txt("gone.test").await().indefinitely();
        assertEquals(1, server.queries("gone.test"));
        // RFC 2308 section 5: min(SOA TTL, MINIMUM) = 20 s, not the 60 s default.
        clock.advance(Duration.ofSeconds(2));
        d.txt("gone.test").await().indefinitely();
        assertEquals(2, server.queries("gone.test"));
    }

    @Test
    void concurrentIdenticalQuestionsShareOneQuery() {
        server.delay(Duration.ofMillis(300));
        CheckDns d = dns();
        List<Uni<List<String>>> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(d.txt("spf.test"));
        }
        List<List<String>> answers = Uni.join().all(many).andFailFast().await().atMost(Duration.ofSeconds(10));
        answers.forEach(a -> assertEquals(List.of("v=spf1 ip4:127.0.0.0/8 -all"), a));
        assertEquals(1, server.queries("spf.test"));
    }

    @Test
    void queriesInFlightAreBounded() {
        server.delay(Duration.ofMillis(300));
        CheckDns d = dns(Duration.ofSeconds(5), Duration.ofSeconds(2), new CachingResolver.Settings(1000,
                Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(5), 2, 1));
        Uni<List<String>> a = d.txt("a.test").memoize().indefinitely();
        Uni<List<String>> b = d.txt("b.test").memoize().indefinitely();
        Uni<List<String>> c = d.txt("c.test").memoize().indefinitely();
        Uni<List<String>> e = d.txt("e.test").memoize().indefinitely();
        List.of(a, b, c, e).forEach(u -> u.subscribe().with(x -> { }, x -> { }));
        // Two in flight, one waiting for a slot, the fourth refused at once: temperror, not a pile-up.
        assertThrows(CheckDns.DnsTempFailure.class, () -> e.await().atMost(Duration.ofSeconds(1)));
        assertEquals(List.of(), c.await().atMost(Duration.ofSeconds(5)), "the waiting one is sent when a slot frees");
        assertEquals(3, server.queries().size());
    }

    /**
     * A resolver that drops everything: SPF, DMARC (and the DNSBL) are temperror within the check timeout, the
     * message is accepted, and the failure is kept briefly, so the next message does not wait again.
     */
    @Test
    void droppingResolverGivesTemperrorInTimeAndIsNotAskedAgainAtOnce() {
        server.dropAll(true);
        CheckDns d = dns(Duration.ofMillis(700), Duration.ofMillis(400), SETTINGS);
        long t0 = System.nanoTime();
        Verdict v = deliver(d, "a@spf.test");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String h = ar(v);
        assertEquals(Verdict.Action.CONTINUE, v.action(), "DNS trouble never rejects");
        assertTrue(h.contains("spf=temperror") && h.contains("dmarc=temperror header.from=spf.test"), h);
        assertTrue(ms < 2_000, ms + " ms");
        Dnsbl bl = new Dnsbl(List.of(Dnsbl.Zone.parse("bl.test")), d, new ChecksScope(null));
        FilterContext listed = new FilterContext("Q", "smtp", "127.0.0.2", "client.example", false, null, null,
                List.of(), null, new FilterSession());
        assertEquals(Verdict.Action.CONTINUE, SenderChecksTest.atMail(bl, listed).action());

        int asked = server.queries().size();
        long t1 = System.nanoTime();
        assertTrue(ar(deliver(d, "b@spf.test")).contains("spf=temperror"));
        assertTrue((System.nanoTime() - t1) / 1_000_000 < 300, "the failure is cached: no second wait");
        assertEquals(asked, server.queries().size());
        // After failure-ttl (5 s) the resolver is asked again, and it has recovered.
        server.dropAll(false);
        clock.advance(Duration.ofSeconds(6));
        assertTrue(ar(deliver(d, "c@spf.test")).contains("spf=pass"));
    }

    /** A lost datagram costs one retry (DnsResolvers), not the check: the answer still comes within the bound. */
    @Test
    void aLostDatagramIsRetried() {
        server.drop(1);
        CheckDns d = dns(Duration.ofSeconds(3), Duration.ofSeconds(2), SETTINGS);
        assertEquals(List.of("v=spf1 ip4:127.0.0.0/8 -all"), d.txt("spf.test").await().atMost(Duration.ofSeconds(3)));
        assertEquals(2, server.queries("spf.test"));
    }

    @Test
    void servfailIsATemporaryFailureCachedBriefly() {
        server.servfail("broken.test");
        CheckDns d = dns();
        assertThrows(CheckDns.DnsTempFailure.class, () -> d.txt("broken.test").await().indefinitely());
        assertThrows(CheckDns.DnsTempFailure.class, () -> d.txt("broken.test").await().indefinitely());
        assertEquals(1, server.queries("broken.test"));
        clock.advance(Duration.ofSeconds(6));
        assertThrows(CheckDns.DnsTempFailure.class, () -> d.txt("broken.test").await().indefinitely());
        assertEquals(2, server.queries("broken.test"));
    }
}
