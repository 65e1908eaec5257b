package com.mailplatform.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.TestConfig;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import com.mailplatform.delivery.route.Dns;
import com.mailplatform.delivery.route.Route;
import com.mailplatform.delivery.route.Router;
import com.mailplatform.testsupport.DebianPackages;
import com.mailplatform.testsupport.Dnsmasq;
import com.mailplatform.testsupport.SelfSignedCertificate;
import com.mailplatform.testsupport.SharedInfra;
import com.mailplatform.testsupport.SmtpSink;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing and the SMTP client against real parties: dnsmasq serving test zones, Postfix's smtp-sink as remote MTAs
 * on loopback addresses (port 2525 here, so the e2e tests' port 25 stays free).
 */
class RemoteDeliveryTest {

    private static final int PORT = 2525;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<SmtpSink> sinks = new ArrayList<>();
    private static Dnsmasq dns;
    private static Vertx vertx;
    private static Router router;
    private static SmtpClient client;
    private static SmtpSink ok;
    private static Process tlsMta;
    private static Path tlsLog;

    /** aiosmtpd with STARTTLS (Debian's python3-aiosmtpd) on 127.0.0.7, refusing mail before TLS. */
    private static Process startTlsMta(Path dir) throws Exception {
        DebianPackages.ensure("python3-aiosmtpd");
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(dir.resolve("tls"));
        // Debian's interpreter, where the Debian package installed aiosmtpd.
        Process p = new ProcessBuilder("/usr/bin/python3", Path.of("src/test/python/tls_mta.py").toAbsolutePath().toString(),
                "127.0.0.7", String.valueOf(PORT), pem.cert().toString(), pem.key().toString(), tlsLog.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tls-mta.log").toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        for (int i = 0; i < 100 && !Files.readString(dir.resolve("tls-mta.log")).contains("READY"); i++) {
            assertTrue(p.isAlive(), () -> "tls_mta.py exited: " + read(dir.resolve("tls-mta.log")));
            Thread.sleep(100);
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @BeforeAll
    static void world() throws Exception {
        Path dir = Files.createTempDirectory("remote-delivery");
        dns = new Dnsmasq(SharedInfra.freePort()).authoritative("test")
                .mx("pref.test", "mx1.pref.test", 10).host("mx1.pref.test", "127.0.0.9")
                .mx("pref.test", "mx2.pref.test", 20).host("mx2.pref.test", "127.0.0.2")
                .host("afb.test", "127.0.0.2")
                .host("v6.test", "127.0.0.2", "::1")
                .nullMx("nullmx.test")
                .mx("soft.test", "mx.soft.test", 5).host("mx.soft.test", "127.0.0.4")
                .mx("hard.test", "mx.hard.test", 5).host("mx.hard.test", "127.0.0.5")
                .mx("drop.test", "mx.drop.test", 5).host("mx.drop.test", "127.0.0.6")
                .mx("dangling.test", "nowhere.dangling.test", 5)
                .host("plain.test", "127.0.0.2")
                .start(dir.resolve("dnsmasq.log"));
        ok = SmtpSink.start("127.0.0.2", PORT, dir);
        sinks.add(ok);
        sinks.add(SmtpSink.start("127.0.0.4", PORT, dir, "-r", "RCPT"));
        sinks.add(SmtpSink.start("127.0.0.5", PORT, dir, "-f", "RCPT"));
        sinks.add(SmtpSink.start("127.0.0.6", PORT, dir, "-q", "."));
        tlsLog = dir.resolve("tls-mta.jsonl");
        tlsMta = startTlsMta(dir);
        DeliveryConfig config = TestConfig.of(Map.of(
                "delivery.resolvers", "127.0.0.1:" + dns.port(),
                "delivery.smtp-port", String.valueOf(PORT),
                "delivery.smtp-connect-timeout", "3s",
                "delivery.smtp-command-timeout", "10s",
                "delivery.transport", "transport.test=[127.0.0.2]:" + PORT + ",.sub.test=[127.0.0.4]:" + PORT
                        + ",tls.test=[127.0.0.7]:" + PORT,
                "delivery.smtp-tls-required", "plain.test"));
        vertx = Vertx.vertx();
        router = new Router(new Dns(config), config);
        client = new SmtpClient(vertx, config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tlsMta != null) {
            tlsMta.destroy();
            tlsMta.waitFor();
        }
        for (SmtpSink s : sinks) {
            s.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static Route route(String domain) {
        return router.route(domain).await().atMost(WAIT);
    }

    private static List<Outcome> send(String domain, String subject, String... rcpts) {
        byte[] msg = ("Subject: " + subject + "\r\n\r\nhello\r\n.dot\r\n").getBytes(StandardCharsets.US_ASCII);
        return client.deliver(route(domain), new OutboundMessage("Q1", "s@origin.test", msg, false), List.of(rcpts)).await().atMost(WAIT);
    }

    @Test
    void mxByPreferenceWithAddresses() {
        Route r = route("pref.test");
        assertEquals(Route.Kind.MX, r.kind());
        assertEquals(List.of("mx1.pref.test", "mx2.pref.test"), r.hosts().stream().map(h -> h.host()).toList());
        assertEquals(10, r.hosts().get(0).preference());
        assertEquals("127.0.0.2", r.hosts().get(1).addresses().get(0).getHostAddress());
    }

    @Test
    void fallbackToAAndAaaa() {
        Route a = route("afb.test");
        assertEquals(Route.Kind.A, a.kind());
        assertEquals("afb.test", a.hosts().get(0).host());
        Route v6 = route("v6.test");
        assertEquals(List.of("127.0.0.2", "0:0:0:0:0:0:0:1"),
                v6.hosts().get(0).addresses().stream().map(x -> x.getHostAddress()).toList());
    }

    @Test
    void nullMxAndMissingDomainsArePermanentDanglingMxIsTemporary() {
        Route n = route("nullmx.test");
        assertEquals(Route.Kind.NULL_MX, n.kind());
        assertEquals("5.1.10", n.dsn());
        assertTrue(n.permanent() && !n.deliverable());
        Route nx = route("no-such-domain.test");
        assertEquals("5.1.2", nx.dsn());
        Route dangling = route("dangling.test");
        assertFalse(dangling.permanent());
        assertFalse(dangling.deliverable());
    }

    @Test
    void transportMapWins() {
        Route t = route("transport.test");
        assertEquals(Route.Kind.TRANSPORT, t.kind());
        assertEquals(PORT, t.hosts().get(0).port());
        assertEquals(Route.Kind.TRANSPORT, route("a.sub.test").kind());
    }

    @Test
    void downPreferredMxThenTheNextOneTakesAllRecipientsInOneTransaction() throws Exception {
        String subject = "multi-" + System.nanoTime();
        List<Outcome> out = send("pref.test", subject, "a@pref.test", "b@pref.test", "c@pref.test");
        assertEquals(3, out.size());
        for (Outcome o : out) {
            assertEquals(Status.SENT, o.status(), o.toString());
            assertEquals("mx2.pref.test[127.0.0.2]:" + PORT, o.relay());
        }
        List<SmtpSink.Transaction> t = ok.transactions().stream().filter(x -> x.message().contains(subject)).toList();
        assertEquals(1, t.size(), "one transaction for all recipients of the host");
        assertEquals(List.of("a@pref.test", "b@pref.test", "c@pref.test"), t.get(0).recipients());
        assertEquals("s@origin.test", t.get(0).mailFrom());
        assertTrue(t.get(0).message().contains("\n.dot"), "dot-stuffing is undone by the receiver");
    }

    @Test
    void perRecipientResultsFromMisbehavingHosts() {
        Outcome soft = send("soft.test", "soft", "x@soft.test").get(0);
        assertEquals(Status.DEFERRED, soft.status());
        assertEquals("4.3.0", soft.dsn(), soft.reply());
        assertTrue(soft.reply().contains("in reply to RCPT TO"), soft.reply());
        Outcome hard = send("hard.test", "hard", "x@hard.test").get(0);
        assertEquals(Status.BOUNCED, hard.status());
        assertEquals("5.3.0", hard.dsn(), hard.reply());
        Outcome drop = send("drop.test", "drop", "x@drop.test").get(0);
        assertEquals(Status.DEFERRED, drop.status());
        assertEquals("4.4.2", drop.dsn(), drop.reply());
        assertTrue(drop.reply().contains("lost connection"), drop.reply());
    }

    @Test
    void startTlsWhenOfferedAndRequiredTlsRefusesPlaintextHosts() throws Exception {
        Outcome tls = send("tls.test", "tls", "t@tls.test").get(0);
        assertEquals(Status.SENT, tls.status(), tls.reply());
        assertTrue(Files.readString(tlsLog).contains("\"rcpts\": [\"t@tls.test\"], \"tls\": true"), read(tlsLog));
        // smtp-sink offers no STARTTLS: with TLS required for plain.test nothing is sent in the clear.
        Outcome plain = send("plain.test", "plain-" + System.nanoTime(), "p@plain.test").get(0);
        assertEquals(Status.DEFERRED, plain.status());
        assertEquals("4.7.4", plain.dsn(), plain.reply());
    }

    @Test
    void theNextMessageToTheSameHostReusesTheSession() throws Exception {
        assertEquals(Status.SENT, send("tls.test", "reuse-1", "r1@tls.test").get(0).status());
        assertEquals(Status.SENT, send("tls.test", "reuse-2", "r2@tls.test").get(0).status());
        List<String> lines = Files.readAllLines(tlsLog);
        String first = lines.stream().filter(l -> l.contains("r1@tls.test")).findFirst().orElseThrow();
        String second = lines.stream().filter(l -> l.contains("r2@tls.test")).findFirst().orElseThrow();
        assertEquals(peerPort(first), peerPort(second),
                "one connection (and one TLS handshake) for both messages:\n" + first + "\n" + second);
        // After smtp_connection_cache_time_limit the idle session is closed and the next message opens a new one.
        Thread.sleep(3000);
        assertEquals(Status.SENT, send("tls.test", "reuse-3", "r3@tls.test").get(0).status());
        String third = Files.readAllLines(tlsLog).stream().filter(l -> l.contains("r3@tls.test")).findFirst().orElseThrow();
        assertTrue(!peerPort(third).equals(peerPort(second)), third);
    }

    /**
     * RFC 6531 sections 3.2 and 3.4: a UTF-8 envelope goes only to a next hop that offers SMTPUTF8 (aiosmtpd here)
     * and asks for it on MAIL FROM; to one that does not (Postfix's smtp-sink) it is refused for good (5.6.7),
     * nothing is sent (no downgrade), and ASCII mail to the same host still goes.
     */
    @Test
    void utf8AddressesGoOnlyToAnSmtputf8NextHop() throws Exception {
        Outcome sent = send("tls.test", "utf8", "j\u00fcrgen@tls.test").get(0);
        assertEquals(Status.SENT, sent.status(), sent.reply());
        String line = Files.readAllLines(tlsLog, StandardCharsets.UTF_8).stream().filter(l -> l.contains("j\u00fcrgen@tls.test"))
                .findFirst().orElseThrow(() -> new AssertionError(read(tlsLog)));
        assertTrue(line.contains("\"SMTPUTF8\""), line);

        Outcome refused = send("transport.test", "utf8-refused", "j\u00fcrgen@transport.test").get(0);
        assertEquals(Status.BOUNCED, refused.status(), refused.reply());
        assertEquals("5.6.7", refused.dsn(), refused.reply());
        assertTrue(refused.reply().contains("SMTPUTF8 is required"), refused.reply());
        assertTrue(ok.transactions().stream().noneMatch(t -> t.recipients().toString().contains("transport.test")
                && t.message().contains("utf8-refused")), "nothing may reach a host without SMTPUTF8");

        Outcome ascii = send("transport.test", "ascii-after-utf8", "plain@transport.test").get(0);
        assertEquals(Status.SENT, ascii.status(), ascii.reply());
    }

    /**
     * Issue 14: an ASCII envelope whose client asked for SMTPUTF8 (the header fields are UTF-8, RFC 6532) needs
     * SMTPUTF8 at the next hop just as a UTF-8 envelope does (RFC 6531 section 3.4): asked for on MAIL FROM where
     * offered, else refused for good with 5.6.7 and nothing sent (section 3.2, no downgrade).
     */
    @Test
    void anAsciiEnvelopeSubmittedWithSmtputf8NeedsItAtTheNextHop() throws Exception {
        byte[] msg = "Subject: utf8-headers gr\u00fc\u00dfe\r\nFrom: J\u00fcrgen <s@origin.test>\r\n\r\nhello\r\n"
                .getBytes(StandardCharsets.UTF_8);
        OutboundMessage flagged = new OutboundMessage("Q3", "s@origin.test", msg, true);

        Outcome sent = client.deliver(route("tls.test"), flagged, List.of("hdr@tls.test")).await().atMost(WAIT).get(0);
        assertEquals(Status.SENT, sent.status(), sent.reply());
        String line = Files.readAllLines(tlsLog, StandardCharsets.UTF_8).stream().filter(l -> l.contains("hdr@tls.test"))
                .findFirst().orElseThrow(() -> new AssertionError(read(tlsLog)));
        assertTrue(line.contains("\"SMTPUTF8\""), line);

        Outcome refused = client.deliver(route("transport.test"), flagged, List.of("hdr@transport.test")).await().atMost(WAIT).get(0);
        assertEquals(Status.BOUNCED, refused.status(), refused.reply());
        assertEquals("5.6.7", refused.dsn(), refused.reply());
        assertTrue(refused.reply().contains("SMTPUTF8 is required"), refused.reply());
        assertTrue(ok.transactions().stream().noneMatch(t -> t.message().contains("utf8-headers")),
                "nothing may reach a host without SMTPUTF8");
    }

    private static String peerPort(String jsonLine) {
        return jsonLine.replaceAll(".*\"peer_port\": (\\d+).*", "$1");
    }

    @Test
    void allHostsDownIsADeferral() throws Exception {
        DeliveryConfig config = TestConfig.of(Map.of("delivery.resolvers", "127.0.0.1:" + dns.port(), "delivery.smtp-port", "1"));
        Route r = new Router(new Dns(config), config).route("pref.test").await().atMost(WAIT);
        Outcome o = client.deliver(r, new OutboundMessage("Q2", "", new byte[] {'x'}, false), List.of("a@pref.test")).await().atMost(WAIT).get(0);
        assertEquals(Status.DEFERRED, o.status());
        assertEquals("4.4.1", o.dsn());
        assertEquals("none", o.relay());
    }
}
