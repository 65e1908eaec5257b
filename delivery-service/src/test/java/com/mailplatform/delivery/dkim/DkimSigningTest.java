package com.mailplatform.delivery.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.TestConfig;
import com.mailplatform.delivery.client.OutboundMessage;
import com.mailplatform.delivery.client.SmtpClient;
import com.mailplatform.delivery.dkim.DkimSigner.DomainKey;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.route.Dns;
import com.mailplatform.delivery.route.Router;
import com.mailplatform.testsupport.DebianPackages;
import com.mailplatform.testsupport.Dnsmasq;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DKIM signatures made here are sent by the SMTP client to a real receiving MTA (aiosmtpd) and the captured bytes
 * are verified by OpenDKIM's {@code opendkim-testmsg} (Debian's opendkim-tools, libopendkim 2.11) against keys
 * published in TXT records by a real DNS server (dnsmasq). opendkim-testmsg has no option for a DNS server or a key
 * file; libopendkim asks the resolvers of /etc/resolv.conf, so it runs in its own mount namespace
 * ({@code unshare -m}) where a copy of that file names dnsmasq on 127.0.83.1:53. The machine's resolv.conf is
 * untouched.
 */
class DkimSigningTest {

    private static final String DNS_ADDRESS = "127.0.83.1";
    private static final String MTA = "127.0.0.8";
    private static final int MTA_PORT = 2526;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOMAIN = "sign.test";

    private static Path dir;
    private static Path captured;
    private static Path resolvConf;
    private static Dnsmasq dns;
    private static Process mta;
    private static Vertx vertx;
    private static SmtpClient client;
    private static Router router;
    private static DomainKey rsa;
    private static DomainKey ed;
    /** An Ed25519 key whose selector publishes another key's public half. */
    private static DomainKey edMismatch;
    /** The documented defaults of delivery.dkim.*. */
    private static final DkimConfig defaults = new SmallRyeConfigBuilder().withMapping(DkimConfig.class)
            .withConverter(Duration.class, 100, new DurationConverter()).build().getConfigMapping(DkimConfig.class);

    @BeforeAll
    static void world() throws Exception {
        DebianPackages.ensure("opendkim-tools", "python3-aiosmtpd", "dnsmasq-base");
        dir = Files.createTempDirectory("dkim-signing");
        captured = Files.createDirectories(dir.resolve("captured"));
        KeyPair rsaPair = generate("RSA");
        KeyPair edPair = generate("Ed25519");
        KeyPair otherEd = generate("Ed25519");
        rsa = new DomainKey("r1", DkimSigner.RSA_SHA256, rsaPair.getPrivate());
        ed = new DomainKey("e1", DkimSigner.ED25519_SHA256, edPair.getPrivate());
        edMismatch = new DomainKey("e2", DkimSigner.ED25519_SHA256, edPair.getPrivate());
        // The records as mailbox-store shows them: RSA's p= is the SubjectPublicKeyInfo (392 characters, so dnsmasq
        // serves it as two strings), Ed25519's the raw 32-byte key (RFC 8463 section 4).
        dns = new Dnsmasq(DNS_ADDRESS, 53).authoritative(DOMAIN)
                .txt("r1._domainkey." + DOMAIN, "v=DKIM1; k=rsa; p=" + b64(rsaPair.getPublic().getEncoded()))
                .txt("e1._domainkey." + DOMAIN, "v=DKIM1; k=ed25519; p=" + b64(raw(edPair)))
                .txt("e2._domainkey." + DOMAIN, "v=DKIM1; k=ed25519; p=" + b64(raw(otherEd)))
                .start(dir.resolve("dnsmasq.log"));
        resolvConf = dns.resolvConf(dir.resolve("resolv.conf"));
        mta = startCaptureMta();
        DeliveryConfig config = TestConfig.of(Map.of(
                "delivery.transport", "remote.test=[" + MTA + "]:" + MTA_PORT,
                "delivery.smtp-connect-timeout", "3s",
                "delivery.smtp-command-timeout", "10s",
                "delivery.smtp-connection-cache-time-limit", "0s"));
        vertx = Vertx.vertx();
        router = new Router(new Dns(config), config);
        client = new SmtpClient(vertx, config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (mta != null) {
            mta.destroy();
            mta.waitFor();
        }
        if (dns != null) {
            dns.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static KeyPair generate(String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("RSA")) {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }

    private static byte[] raw(KeyPair ed25519) {
        byte[] spki = ed25519.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static Process startCaptureMta() throws Exception {
        Path log = dir.resolve("capture-mta.log");
        Process p = new ProcessBuilder("/usr/bin/python3", Path.of("src/test/python/capture_mta.py").toAbsolutePath().toString(),
                MTA, String.valueOf(MTA_PORT), captured.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        for (int i = 0; i < 100 && !Files.readString(log).contains("READY"); i++) {
            assertTrue(p.isAlive(), () -> "capture_mta.py exited: " + read(log));
            Thread.sleep(100);
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A message with what canonicalization must cope with: folded and padded header fields, trailing space, a leading dot. */
    private static byte[] message(String subject) {
        return ("From: Alice Example <alice@" + DOMAIN + ">\r\n"
                + "To: bob@remote.test,\r\n   carol@remote.test\r\n"
                + "Subject:   " + subject + " \t \r\n\twith a folded line\r\n"
                + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <" + subject.hashCode() + "@" + DOMAIN + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "X-Not-Signed: whatever\r\n"
                + "\r\n"
                + "Hello Bob,  \r\n"
                + ".a line that SMTP dot-stuffs\r\n"
                + "\r\n"
                + "bye\r\n\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Signs as delivery-service does, sends it through the SMTP client and returns the bytes the MTA received. */
    private static byte[] signSendCapture(byte[] message, List<DomainKey> keys) throws Exception {
        byte[] signed = DkimSigner.prepend(DkimSigner.sign(message, DOMAIN, keys, defaults.signHeaders(), defaults.oversignHeaders(),
                System.currentTimeMillis() / 1000), message);
        int before = count();
        List<Outcome> out = client.deliver(router.route("remote.test").await().atMost(WAIT),
                new OutboundMessage("Q" + before, "alice@" + DOMAIN, signed), List.of("bob@remote.test")).await().atMost(WAIT);
        assertEquals(Outcome.Status.SENT, out.get(0).status(), out.toString());
        Path file = captured.resolve((before + 1) + ".eml");
        assertTrue(Files.exists(file), "the MTA captured nothing");
        return Files.readAllBytes(file);
    }

    private static int count() throws IOException {
        try (var s = Files.list(captured)) {
            return (int) s.filter(p -> p.toString().endsWith(".eml")).count();
        }
    }

    private record Verdict(int exit, String output) {
    }

    /** opendkim-testmsg in verify mode (no -d/-k/-s): exit 0 and no output when the signatures verify. */
    private static Verdict verify(byte[] message) throws Exception {
        Path in = Files.write(Files.createTempFile(dir, "verify", ".eml"), message);
        Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --bind \"$0\" /etc/resolv.conf && exec opendkim-testmsg",
                resolvConf.toString())
                .redirectInput(in.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "opendkim-testmsg hangs");
        return new Verdict(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static final Pattern SIGNATURE_FIELD = Pattern.compile("DKIM-Signature:(?:[^\r\n]|\r\n[ \t])*\r\n");

    private static List<String> signatureFields(byte[] message) {
        Matcher m = SIGNATURE_FIELD.matcher(new String(message, StandardCharsets.US_ASCII));
        return m.results().map(r -> r.group()).toList();
    }

    /** The message without the signature field made with the given algorithm (neither signature covers the other). */
    private static byte[] without(byte[] message, String algorithm) {
        String text = new String(message, StandardCharsets.US_ASCII);
        String field = signatureFields(message).stream().filter(f -> f.contains("a=" + algorithm + ";")).findFirst().orElseThrow();
        return text.replace(field, "").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void dualSignedMailVerifiesWithEachKeyAgainstThePublishedRecords() throws Exception {
        byte[] sent = message("dual");
        byte[] got = signSendCapture(sent, List.of(rsa, ed));
        List<String> fields = signatureFields(got);
        assertEquals(2, fields.size(), new String(got, StandardCharsets.US_ASCII));
        String rsaField = fields.get(0);
        assertTrue(rsaField.contains("a=rsa-sha256;") && rsaField.contains("s=r1;") && rsaField.contains("d=" + DOMAIN + ";"), rsaField);
        assertTrue(rsaField.contains("c=relaxed/relaxed;"), rsaField);
        // Every present configured field, From oversigned (RFC 6376 section 8.15); X-Not-Signed is not signed.
        assertTrue(rsaField.contains("h=from:from:to:subject:date:message-id:mime-version:content-type;"), rsaField);
        assertTrue(fields.get(1).contains("a=ed25519-sha256;") && fields.get(1).contains("s=e1;"), fields.get(1));
        assertTrue(rsaField.lines().allMatch(l -> l.length() <= 78), rsaField);
        // The receiver got exactly the signature fields and then the message as stored.
        byte[] rest = Arrays.copyOfRange(got, got.length - sent.length, got.length);
        assertEquals(new String(sent, StandardCharsets.US_ASCII), new String(rest, StandardCharsets.US_ASCII));

        Verdict both = verify(got);
        assertEquals(0, both.exit, both.output);
        Verdict rsaOnly = verify(without(got, DkimSigner.ED25519_SHA256));
        assertEquals(0, rsaOnly.exit, rsaOnly.output);
        Verdict edOnly = verify(without(got, DkimSigner.RSA_SHA256));
        assertEquals(0, edOnly.exit, edOnly.output);
    }

    @Test
    void tamperedMailFailsVerification() throws Exception {
        byte[] got = signSendCapture(message("tamper"), List.of(rsa, ed));
        String text = new String(got, StandardCharsets.US_ASCII);

        byte[] body = text.replace("bye\r\n", "bye, send money\r\n").getBytes(StandardCharsets.US_ASCII);
        for (String algorithm : List.of(DkimSigner.RSA_SHA256, DkimSigner.ED25519_SHA256)) {
            String other = algorithm.equals(DkimSigner.RSA_SHA256) ? DkimSigner.ED25519_SHA256 : DkimSigner.RSA_SHA256;
            Verdict v = verify(without(body, other));
            assertNotEquals(0, v.exit, algorithm + " passed a changed body");
            assertTrue(v.output.contains("Bad signature"), v.output);
        }
        byte[] subject = text.replace("Subject:   tamper", "Subject:   tampered").getBytes(StandardCharsets.US_ASCII);
        for (String algorithm : List.of(DkimSigner.RSA_SHA256, DkimSigner.ED25519_SHA256)) {
            String other = algorithm.equals(DkimSigner.RSA_SHA256) ? DkimSigner.ED25519_SHA256 : DkimSigner.RSA_SHA256;
            Verdict v = verify(without(subject, other));
            assertNotEquals(0, v.exit, algorithm + " passed a changed Subject");
        }
        // A second From added in transit: the oversigned From makes the signature fail.
        int end = text.indexOf("From: Alice");
        byte[] added = (text.substring(0, end) + "From: mallory@evil.test\r\n" + text.substring(end)).getBytes(StandardCharsets.US_ASCII);
        Verdict v = verify(without(added, DkimSigner.ED25519_SHA256));
        assertNotEquals(0, v.exit, "an added From passed");
    }

    @Test
    void anEd25519SignatureIsReallyCheckedAgainstItsKey() throws Exception {
        // Without this, an opendkim that skipped ed25519 signatures would make the passes above meaningless.
        byte[] got = signSendCapture(message("mismatch"), List.of(edMismatch));
        Verdict v = verify(got);
        assertNotEquals(0, v.exit, "an Ed25519 signature verified against another key");
        assertTrue(v.output.contains("Bad signature"), v.output);
    }
}
