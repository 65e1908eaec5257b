package com.mailplatform.delivery.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.TestConfig;
import com.mailplatform.delivery.client.OutboundMessage;
import com.mailplatform.delivery.client.SmtpClient;
import com.mailplatform.delivery.dkim.DkimSigner.DomainKey;
import com.mailplatform.delivery.dkim.VerifyingWorld.PublishedKey;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.route.Dns;
import com.mailplatform.delivery.route.Router;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DKIM signatures made here are sent by the SMTP client to a real receiving MTA and the captured bytes are verified
 * by OpenDKIM's {@code opendkim-testmsg} against keys published by dnsmasq (see {@link VerifyingWorld}).
 */
class DkimSigningTest {

    private static final String MTA = "127.0.0.8";
    private static final int MTA_PORT = 2526;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOMAIN = "sign.test";
    /** The documented defaults of delivery.dkim.*. */
    private static final DkimConfig defaults = new SmallRyeConfigBuilder().withMapping(DkimConfig.class)
            .withConverter(Duration.class, 100, new DurationConverter()).build().getConfigMapping(DkimConfig.class);

    private static VerifyingWorld world;
    private static Vertx vertx;
    private static SmtpClient client;
    private static Router router;
    private static DomainKey rsa;
    private static DomainKey ed;
    /** An Ed25519 key whose selector publishes another key's public half. */
    private static DomainKey edMismatch;

    @BeforeAll
    static void world() throws Exception {
        PublishedKey r1 = PublishedKey.generate("r1", DkimSigner.RSA_SHA256);
        PublishedKey e1 = PublishedKey.generate("e1", DkimSigner.ED25519_SHA256);
        PublishedKey other = PublishedKey.generate("e2", DkimSigner.ED25519_SHA256);
        rsa = r1.key();
        ed = e1.key();
        edMismatch = new DomainKey("e2", DkimSigner.ED25519_SHA256, e1.pair().getPrivate());
        // RSA's p= is 392 characters, so dnsmasq serves it as two strings of one record.
        world = new VerifyingWorld(DOMAIN, MTA, MTA_PORT, "r1._domainkey." + DOMAIN, r1.txt(), "e1._domainkey." + DOMAIN, e1.txt(),
                "e2._domainkey." + DOMAIN, other.txt());
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
        if (world != null) {
            world.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
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
        int before = world.count();
        List<Outcome> out = client.deliver(router.route("remote.test").await().atMost(WAIT),
                new OutboundMessage("Q" + before, "alice@" + DOMAIN, signed, false), List.of("bob@remote.test")).await().atMost(WAIT);
        assertEquals(Outcome.Status.SENT, out.get(0).status(), out.toString());
        return world.message(before + 1);
    }

    @Test
    void dualSignedMailVerifiesWithEachKeyAgainstThePublishedRecords() throws Exception {
        byte[] sent = message("dual");
        byte[] got = signSendCapture(sent, List.of(rsa, ed));
        List<String> fields = VerifyingWorld.signatureFields(got);
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

        VerifyingWorld.Verdict both = world.verify(got);
        assertEquals(0, both.exit(), both.output());
        VerifyingWorld.Verdict rsaOnly = world.verify(VerifyingWorld.without(got, DkimSigner.ED25519_SHA256));
        assertEquals(0, rsaOnly.exit(), rsaOnly.output());
        VerifyingWorld.Verdict edOnly = world.verify(VerifyingWorld.without(got, DkimSigner.RSA_SHA256));
        assertEquals(0, edOnly.exit(), edOnly.output());
    }

    @Test
    void tamperedMailFailsVerification() throws Exception {
        byte[] got = signSendCapture(message("tamper"), List.of(rsa, ed));
        String text = new String(got, StandardCharsets.US_ASCII);

        byte[] body = text.replace("bye\r\n", "bye, send money\r\n").getBytes(StandardCharsets.US_ASCII);
        for (String algorithm : List.of(DkimSigner.RSA_SHA256, DkimSigner.ED25519_SHA256)) {
            String other = algorithm.equals(DkimSigner.RSA_SHA256) ? DkimSigner.ED25519_SHA256 : DkimSigner.RSA_SHA256;
            VerifyingWorld.Verdict v = world.verify(VerifyingWorld.without(body, other));
            assertNotEquals(0, v.exit(), algorithm + " passed a changed body");
            assertTrue(v.output().contains("Bad signature"), v.output());
        }
        byte[] subject = text.replace("Subject:   tamper", "Subject:   tampered").getBytes(StandardCharsets.US_ASCII);
        for (String algorithm : List.of(DkimSigner.RSA_SHA256, DkimSigner.ED25519_SHA256)) {
            String other = algorithm.equals(DkimSigner.RSA_SHA256) ? DkimSigner.ED25519_SHA256 : DkimSigner.RSA_SHA256;
            VerifyingWorld.Verdict v = world.verify(VerifyingWorld.without(subject, other));
            assertNotEquals(0, v.exit(), algorithm + " passed a changed Subject");
        }
        // A second From added in transit: the oversigned From makes the signature fail.
        int end = text.indexOf("From: Alice");
        byte[] added = (text.substring(0, end) + "From: mallory@evil.test\r\n" + text.substring(end)).getBytes(StandardCharsets.US_ASCII);
        VerifyingWorld.Verdict v = world.verify(VerifyingWorld.without(added, DkimSigner.ED25519_SHA256));
        assertNotEquals(0, v.exit(), "an added From passed");
    }

    @Test
    void anEd25519SignatureIsReallyCheckedAgainstItsKey() throws Exception {
        // Without this, an opendkim that skipped ed25519 signatures would make the passes above meaningless.
        byte[] got = signSendCapture(message("mismatch"), List.of(edMismatch));
        VerifyingWorld.Verdict v = world.verify(got);
        assertNotEquals(0, v.exit(), "an Ed25519 signature verified against another key");
        assertTrue(v.output().contains("Bad signature"), v.output());
    }
}
