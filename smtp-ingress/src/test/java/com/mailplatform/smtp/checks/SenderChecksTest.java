package com.mailplatform.smtp.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.FilterSession;
import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.smtp.filter.Verdict;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks as filters against real DNS (dnsmasq) and messages signed by Debian's dkimsign: SPF through jSPF,
 * DKIM through jDKIM, DMARC policy and the Authentication-Results field; hostile records and signatures; a DNS
 * server that never answers.
 */
class SenderChecksTest {

    static final String ID = "mx.checks.test";
    static AuthDns dns;
    static ExecutorService worker;
    static CheckDns resolver;

    @BeforeAll
    static void start() throws Exception {
        dns = AuthDns.get();
        worker = Executors.newFixedThreadPool(4);
        resolver = new CheckDns(List.of(dns.resolver()), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    static FilterContext ctx(String client, String mailFrom) {
        return new FilterContext("Q" + System.nanoTime(), "smtp", client, "client.example", false, null, mailFrom,
                List.of("rcpt@e2e.test"), null, new FilterSession());
    }

    static SpfCheck spf(CheckDns d) {
        return new SpfCheck(true, false, d, new ChecksScope(null));
    }

    static SenderAuthentication auth(CheckDns d, int percentile) {
        return new SenderAuthentication(new ChecksScope(null), ID, new DkimVerification(d, 5, worker),
                new DmarcDiscovery(d), new DmarcPolicy(true, () -> percentile), "Junk");
    }

    /** MAIL then end of data, as the session calls them. */
    static Verdict deliver(String client, String mailFrom, byte[] message) {
        return deliver(resolver, client, mailFrom, message);
    }

    static Verdict deliver(CheckDns d, String client, String mailFrom, byte[] message) {
        FilterContext ctx = ctx(client, mailFrom);
        Verdict atMail = spf(d).onMail(ctx).await().atMost(Duration.ofSeconds(30));
        assertEquals(Verdict.Action.CONTINUE, atMail.action());
        return auth(d, 0).onMessage(ctx, message).await().atMost(Duration.ofSeconds(30));
    }

    static byte[] plain(String from, String extra) {
        return AuthDns.message(from, "plain", extra).getBytes(StandardCharsets.UTF_8);
    }

    static String ar(Verdict v) {
        assertEquals(1, v.headers().size(), v.toString());
        String h = v.headers().get(0);
        assertTrue(h.startsWith("Authentication-Results: " + ID + ";"), h);
        return h.replace("\r\n\t", " ");
    }

    @Test
    void spfPassAlignsDmarcWithoutDkim() {
        Verdict v = deliver("127.0.0.1", "bounce@pass.test", plain("a@pass.test", ""));
        String h = ar(v);
        assertEquals(Verdict.Action.CONTINUE, v.action());
        assertTrue(h.contains("spf=pass smtp.mailfrom=bounce@pass.test; dkim=none;"
                + " dmarc=pass (p=reject dis=none) header.from=pass.test"), h);
    }

    @Test
    void nullSenderIsCheckedWithTheHeloIdentity() {
        FilterContext ctx = new FilterContext("Q" + System.nanoTime(), "smtp", "127.0.0.1", "pass.test", false, null,
                "", List.of("rcpt@e2e.test"), null, new FilterSession());
        spf(resolver).onMail(ctx).await().atMost(Duration.ofSeconds(30));
        String h = ar(auth(resolver, 0).onMessage(ctx, plain("mailer-daemon@pass.test", ""))
                .await().atMost(Duration.ofSeconds(30)));
        // RFC 7208 section 2.4: postmaster@HELO; RFC 7489 uses that domain for SPF alignment when MAIL FROM is <>.
        assertTrue(h.contains("spf=pass smtp.helo=pass.test;") && h.contains("dmarc=pass"), h);
    }

    @Test
    void rejectPolicyWithSpfFailAndNoDkimIsRefused() {
        Verdict v = deliver("127.0.0.1", "a@reject.test", plain("a@reject.test", ""));
        assertEquals(Verdict.reject("550 5.7.1 rejected by DMARC policy for reject.test"), v);
    }

    @Test
    void alignedDkimPassesDmarcDespiteSpfFail() throws Exception {
        byte[] signed = dns.sign("reject.test", AuthDns.message("ceo@reject.test", "signed", ""));
        Verdict v = deliver("127.0.0.1", "ceo@reject.test", signed);
        String h = ar(v);
        assertTrue(h.contains("spf=fail smtp.mailfrom=ceo@reject.test;"), h);
        assertTrue(h.matches(".*dkim=pass header.d=reject.test header.s=sel header.b=[A-Za-z0-9+/]{8};.*"), h);
        assertTrue(h.endsWith("dmarc=pass (p=reject dis=none) header.from=reject.test"), h);
    }

    @Test
    void alteredSignedMessageFailsDkimAndDmarc() throws Exception {
        String signed = new String(dns.sign("reject.test", AuthDns.message("ceo@reject.test", "pay", "")),
                StandardCharsets.UTF_8).replace("this is a test", "wire 10000 EUR");
        FilterContext ctx = ctx("127.0.0.1", "ceo@reject.test");
        spf(resolver).onMail(ctx).await().indefinitely();
        SenderAuthentication noEnforce = new SenderAuthentication(new ChecksScope(null), ID,
                new DkimVerification(resolver, 5, worker), new DmarcDiscovery(resolver),
                new DmarcPolicy(false, () -> 0), "Junk");
        Verdict v = noEnforce.onMessage(ctx, signed.getBytes(StandardCharsets.UTF_8)).await().indefinitely();
        String h = ar(v);
        assertEquals(Verdict.Action.CONTINUE, v.action(), "dmarc-enforce=false only reports");
        assertTrue(h.contains("dkim=fail ("), h);
        assertTrue(h.endsWith("dmarc=fail (p=reject dis=none) header.from=reject.test"), h);
    }

    @Test
    void quarantinePolicyFilesIntoJunk() {
        Verdict v = deliver("127.0.0.1", "a@quarantine.test", plain("a@quarantine.test", ""));
        String h = ar(v);
        assertEquals(Verdict.Action.CONTINUE, v.action());
        assertEquals("Junk", v.edits().mailbox());
        assertTrue(h.endsWith("dmarc=fail (p=quarantine dis=quarantine) header.from=quarantine.test"), h);
    }

    @Test
    void nonePolicyAndNoRecordOnlyReport() {
        Verdict none = deliver("127.0.0.1", "a@none.test", plain("a@none.test", ""));
        assertNull(none.edits().mailbox());
        assertTrue(ar(none).endsWith("dmarc=fail (p=none dis=none) header.from=none.test"));
        Verdict unknown = deliver("127.0.0.1", "a@nodmarc.test", plain("a@nodmarc.test", ""));
        assertTrue(ar(unknown).contains("spf=none smtp.mailfrom=a@nodmarc.test; dkim=none; dmarc=none"
                + " header.from=nodmarc.test"));
    }

    @Test
    void subdomainPolicyAndPctSampling() {
        assertEquals(Verdict.reject("550 5.7.1 rejected by DMARC policy for sub.org.test"),
                deliver("127.0.0.1", "a@sub.org.test", plain("a@sub.org.test", "")));
        // pct=0: the message is not selected for reject, so it is quarantined instead (RFC 7489 section 6.6.4).
        Verdict half = deliver("127.0.0.1", "a@half.test", plain("a@half.test", ""));
        assertEquals("Junk", half.edits().mailbox());
        assertTrue(ar(half).endsWith("dmarc=fail (p=reject dis=quarantine) header.from=half.test"));
    }

    @Test
    void secondFromAddressCannotHideAForgedFirstOne() {
        Verdict v = deliver("127.0.0.1", "bounce@pass.test",
                AuthDns.message("a@pass.test>, <boss@reject.test", "two", "").getBytes(StandardCharsets.UTF_8));
        assertEquals(Verdict.reject("550 5.7.1 rejected by DMARC policy for reject.test"), v);
    }

    @Test
    void forgedResultsWithOurIdAreRemovedForeignOnesKept() {
        String extra = "Authentication-Results: " + ID + "; dkim=pass header.d=pass.test\r\n"
                + "Authentication-Results: mx.elsewhere.example; spf=pass smtp.mailfrom=a@pass.test\r\n"
                + "Authentication-Results: (comment) MX.CHECKS.TEST;\r\n dmarc=pass\r\n";
        byte[] msg = plain("a@pass.test", extra);
        Verdict v = deliver("127.0.0.1", "bounce@pass.test", msg);
        byte[] edited = MessageEditor.apply(msg, v.edits());
        List<String> left = MessageEditor.parse(edited).fields().stream()
                .filter(f -> f.name().equalsIgnoreCase("Authentication-Results")).map(MessageEditor.Field::value)
                .toList();
        assertEquals(List.of("mx.elsewhere.example; spf=pass smtp.mailfrom=a@pass.test"), left);
    }

    @Test
    void hostileDmarcRecordsGiveNoPolicy() {
        // garbled: no valid p and no rua, so no policy; two: two records (RFC 7489 section 6.6.3 step 4).
        for (String d : List.of("garbled.test", "two.test")) {
            Verdict v = deliver("127.0.0.1", "a@" + d, plain("a@" + d, ""));
            assertEquals(Verdict.Action.CONTINUE, v.action(), d);
            assertTrue(ar(v).endsWith("dmarc=none header.from=" + d), d);
        }
    }

    @Test
    void absurdAndManySignaturesCostBoundedAndNeverCrash() throws Exception {
        String absurd = "DKIM-Signature: v=1; a=rsa-sha256; d=" + "x".repeat(3000) + "; s=;;;==; l=-99999999999999;"
                + " h=from:from:from; bh=!!!; b=\r\n"
                + "DKIM-Signature: v=999; a=rsa-sha9; c=bogus/bogus; d=pass.test; s=../../etc; t=-1; x=1;"
                + " h=; bh=; b=AAAA\r\n"
                + "DKIM-Signature: \r\n";
        Verdict v = deliver("127.0.0.1", "a@reject.test", plain("a@reject.test", absurd));
        assertEquals(Verdict.reject("550 5.7.1 rejected by DMARC policy for reject.test"), v);

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            many.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=reject.test; s=sel; h=from;"
                    + " bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA").append(i).append("\r\n");
        }
        byte[] signed = dns.sign("reject.test", AuthDns.message("ceo@reject.test", "many", many.toString()));
        long t0 = System.nanoTime();
        Verdict m = deliver("127.0.0.1", "ceo@reject.test", signed);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String h = ar(m);
        System.out.println("200 bogus signatures + 1 good: " + ms + " ms");
        // Only the first five signatures are verified: the valid one, added last by dkimsign on top, is among them.
        assertEquals(5, h.split("dkim=").length - 1, h);
        assertTrue(h.contains("dkim=pass header.d=reject.test"), h);
        assertTrue(ms < 10_000, ms + " ms");
    }

    /**
     * DKIM verification that runs out of time is a temperror for each signature with the domain it claims: a slow
     * key of d=attacker.example cannot turn a forged From of a p=reject domain into dmarc=temperror.
     */
    @Test
    void slowDkimKeyOfAnotherDomainDoesNotSaveAForgedFrom() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // jDKIM's key look-up would wait 30 s; the check gives up after 2 s.
            CheckDns slow = new CheckDns(List.of("127.0.0.1:" + silent.getLocalPort()), Duration.ofSeconds(2),
                    Duration.ofSeconds(30));
            SenderAuthentication auth = new SenderAuthentication(new ChecksScope(null), ID,
                    new DkimVerification(slow, 5, worker), new DmarcDiscovery(resolver),
                    new DmarcPolicy(true, () -> 0), "Junk");
            for (String d : List.of("attacker.example", "reject.test")) {
                FilterContext ctx = ctx("127.0.0.1", "ceo@reject.test");
                spf(resolver).onMail(ctx).await().atMost(Duration.ofSeconds(30));
                byte[] msg = plain("ceo@reject.test", "DKIM-Signature: v=1; a=rsa-sha256; d=" + d
                        + "; s=slow; h=from; bh=AAAA; b=AAAA\r\n");
                Verdict v = auth.onMessage(ctx, msg).await().atMost(Duration.ofSeconds(30));
                if (d.equals("reject.test")) {
                    // its own domain's key was slow: no verdict on a DNS hiccup
                    assertEquals(Verdict.Action.CONTINUE, v.action(), v.toString());
                    assertTrue(ar(v).contains("dkim=temperror") && ar(v).contains("header.d=reject.test")
                            && ar(v).contains("dmarc=temperror"), ar(v));
                } else {
                    assertEquals(Verdict.reject("550 5.7.1 rejected by DMARC policy for reject.test"), v);
                }
            }
        }
    }

    @Test
    void silentDnsGivesTemperrorAndNeverHangs() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CheckDns dead = new CheckDns(List.of("127.0.0.1:" + silent.getLocalPort()), Duration.ofSeconds(3),
                    Duration.ofMillis(500));
            long t0 = System.nanoTime();
            Verdict v = deliver(dead, "127.0.0.1", "a@reject.test", plain("a@reject.test", ""));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String h = ar(v);
            assertEquals(Verdict.Action.CONTINUE, v.action(), "a DNS failure never rejects");
            assertTrue(h.contains("spf=temperror") && h.contains("dmarc=temperror header.from=reject.test"), h);
            assertTrue(ms < 15_000, ms + " ms");
            Dnsbl bl = new Dnsbl(List.of(Dnsbl.Zone.parse(AuthDns.BLOCKLIST)), dead, new ChecksScope(null));
            assertEquals(Verdict.Action.CONTINUE, atMail(bl, ctx(AuthDns.LISTED_CLIENT, null)).action());
        }
    }

    @Test
    void dnsblListsOnly127000xAnswers() {
        Dnsbl bl = new Dnsbl(List.of(Dnsbl.Zone.parse("unused.test"), Dnsbl.Zone.parse(AuthDns.BLOCKLIST)), resolver,
                new ChecksScope(null));
        assertEquals(Verdict.reject("554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.test"),
                atMail(bl, ctx(AuthDns.LISTED_CLIENT, null)));
        assertEquals(Verdict.Action.CONTINUE, atMail(bl, ctx("127.0.0.1", null)).action());
        Dnsbl exact = new Dnsbl(List.of(Dnsbl.Zone.parse("bl.test=127.0.0.4")), resolver, new ChecksScope(null));
        assertEquals(Verdict.Action.CONTINUE, atMail(exact, ctx(AuthDns.LISTED_CLIENT, null)).action());
    }

    /** The look-up starts at connect and decides nothing there; MAIL gets its answer. */
    static Verdict atMail(Dnsbl bl, FilterContext ctx) {
        assertEquals(Verdict.Action.CONTINUE, bl.onConnect(ctx).await().atMost(Duration.ofSeconds(15)).action());
        return bl.onMail(ctx).await().atMost(Duration.ofSeconds(15));
    }

    @Test
    void listedClientThatAuthenticatedOnPort25IsLetThroughAtMail() {
        Dnsbl bl = new Dnsbl(List.of(Dnsbl.Zone.parse(AuthDns.BLOCKLIST)), resolver, new ChecksScope(null));
        FilterContext connect = ctx(AuthDns.LISTED_CLIENT, null);
        bl.onConnect(connect).await().atMost(Duration.ofSeconds(15));
        FilterContext authenticated = new FilterContext("Q2", "smtp", AuthDns.LISTED_CLIENT, "client.example", true,
                "u@e2e.test", "u@e2e.test", List.of(), "TLSv1.3", connect.session());
        assertEquals(Verdict.Action.CONTINUE, bl.onMail(authenticated).await().atMost(Duration.ofSeconds(15)).action());
        assertEquals(Verdict.Action.REJECT, bl.onMail(connect).await().atMost(Duration.ofSeconds(15)).action());
    }

    @Test
    void submissionAndAuthenticatedSessionsAreNotChecked() {
        Dnsbl bl = new Dnsbl(List.of(Dnsbl.Zone.parse(AuthDns.BLOCKLIST)), resolver, new ChecksScope(null));
        FilterContext submission = new FilterContext(null, "submission", AuthDns.LISTED_CLIENT, null, true, "u@e2e.test",
                null, List.of());
        assertEquals(Verdict.Action.CONTINUE, atMail(bl, submission).action());
        FilterContext authenticated = new FilterContext("Q1", "smtp", "127.0.0.1", "h", true, "u@e2e.test",
                "a@reject.test", List.of("rcpt@e2e.test"));
        assertEquals(Verdict.proceed(), auth(resolver, 0).onMessage(authenticated,
                plain("a@reject.test", "")).await().indefinitely());
    }

    @Test
    void costPerMessage() throws Exception {
        byte[] signed = dns.sign("pass.test", AuthDns.message("news@pass.test", "cost", ""));
        int n = 200;
        deliver("127.0.0.1", "news@pass.test", signed);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertTrue(ar(deliver("127.0.0.1", "news@pass.test", signed)).contains("dmarc=pass"));
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf("SPF+DKIM+DMARC per message, sequential, dnsmasq on loopback: %.2f ms (%.0f messages/s)%n",
                ms, 1000 / ms);
        assertTrue(ms < 500, ms + " ms per message");
    }
}
