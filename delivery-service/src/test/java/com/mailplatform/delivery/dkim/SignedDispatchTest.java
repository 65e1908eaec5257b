package com.mailplatform.delivery.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.SigningKey;
import com.mailplatform.delivery.DkimKeysStandIn;
import com.mailplatform.delivery.RecordingMailboxStore;
import com.mailplatform.delivery.dkim.VerifyingWorld.PublishedKey;
import com.mailplatform.delivery.dkim.VerifyingWorld.Verdict;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.queue.Dispatcher;
import com.mailplatform.delivery.queue.Job;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signing path as delivery runs it: the Dispatcher reads the message from the store, asks for the From domain's
 * keys (SigningKeys, served by {@link DkimKeysStandIn}), signs remote mail only and hands it to the SMTP client,
 * which delivers to a capturing MTA (transport map, %test in application.properties); opendkim-testmsg verifies what
 * arrived against dnsmasq's records (see {@link VerifyingWorld}).
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class SignedDispatchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOMAIN = "signed.test";

    private static VerifyingWorld world;

    @Inject
    Dispatcher dispatcher;

    @BeforeAll
    static void world() throws Exception {
        PublishedKey rsa = PublishedKey.generate("s202611r", DkimSigner.RSA_SHA256);
        PublishedKey ed = PublishedKey.generate("s202611e", DkimSigner.ED25519_SHA256);
        DkimKeysStandIn.KEYS.put(DOMAIN, List.of(proto(rsa), proto(ed)));
        world = new VerifyingWorld(DOMAIN, "127.0.0.9", 2527, "s202611r._domainkey." + DOMAIN, rsa.txt(),
                "s202611e._domainkey." + DOMAIN, ed.txt());
    }

    @AfterAll
    static void stop() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    private static SigningKey proto(PublishedKey k) {
        return SigningKey.newBuilder().setSelector(k.key().selector()).setAlgorithm(k.key().algorithm())
                .setPrivateKeyPkcs8(ByteString.copyFrom(k.pair().getPrivate().getEncoded())).build();
    }

    /** Stores the message as a blob and runs one attempt for a remote and a local recipient. */
    private List<Outcome> attempt(String qid, byte[] content) {
        RecordingMailboxStore.BLOBS.put("blob-" + qid, content);
        Job job = new Job(qid, "alice@" + DOMAIN, "blob-" + qid, content.length, System.currentTimeMillis(), null, null,
                List.of(Job.Recipient.fresh("bob@dkim.remote.test", null, null),
                        Job.Recipient.fresh("carol@" + RecordingMailboxStore.LOCAL_DOMAIN, null, null)), false, null, false);
        return dispatcher.deliver(job).await().atMost(WAIT);
    }

    private static byte[] message(String from, String qid) {
        return ("From: Alice <alice@" + from + ">\r\nTo: bob@dkim.remote.test\r\nCc: carol@" + RecordingMailboxStore.LOCAL_DOMAIN
                + "\r\nSubject: through the dispatcher\r\nDate: Wed, 25 Nov 2026 11:00:00 +0000\r\nMessage-ID: <" + qid + "@" + from
                + ">\r\n\r\nHello,\r\n.\r\n..and dots\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void remoteMailIsSignedWithTheDomainsActiveKeysLocalMailIsNot() throws Exception {
        String qid = "K" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        byte[] content = message(DOMAIN, qid);
        int before = world.count();
        List<Outcome> outcomes = attempt(qid, content);
        assertEquals(2, outcomes.size(), outcomes.toString());
        outcomes.forEach(o -> assertEquals(Outcome.Status.SENT, o.status(), o.toString()));

        byte[] got = world.message(before + 1);
        List<String> fields = VerifyingWorld.signatureFields(got);
        assertEquals(2, fields.size(), new String(got, StandardCharsets.US_ASCII));
        assertTrue(fields.get(0).contains("s=s202611r;") && fields.get(1).contains("s=s202611e;"), fields.toString());
        // The signature fields, then the stored bytes unchanged.
        assertEquals(new String(content, StandardCharsets.US_ASCII),
                new String(Arrays.copyOfRange(got, got.length - content.length, got.length), StandardCharsets.US_ASCII));
        for (String algorithm : List.of(DkimSigner.RSA_SHA256, DkimSigner.ED25519_SHA256)) {
            Verdict v = world.verify(VerifyingWorld.without(got, algorithm));
            assertEquals(0, v.exit(), v.output());
        }
        // Local delivery references the stored blob; nothing signed was stored.
        List<Delivery> local = RecordingMailboxStore.of(qid);
        assertEquals(1, local.size());
        assertEquals("blob-" + qid, local.get(0).getBlobId());
    }

    @Test
    void keysUnavailableDefersTheRemoteRecipientAndKeepsTheLocalDelivery() throws Exception {
        String qid = "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        DkimKeysStandIn.UNAVAILABLE.add("storeaway.test");
        int before = world.count();
        List<Outcome> outcomes = attempt(qid, message("storeaway.test", qid));
        Outcome remote = outcomes.stream().filter(o -> o.recipient().startsWith("bob@")).findFirst().orElseThrow();
        Outcome local = outcomes.stream().filter(o -> o.recipient().startsWith("carol@")).findFirst().orElseThrow();
        assertEquals(Outcome.Status.DEFERRED, remote.status(), remote.toString());
        assertEquals("4.3.0", remote.dsn(), remote.toString());
        assertEquals(Outcome.Status.SENT, local.status(), local.toString());
        assertEquals(before, world.count(), "nothing was sent unsigned");
    }

    @Test
    void mailOfADomainWithoutKeysGoesAsStored() throws Exception {
        String qid = "U" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        byte[] content = message("unsigned.test", qid);
        int before = world.count();
        attempt(qid, content).forEach(o -> assertEquals(Outcome.Status.SENT, o.status(), o.toString()));
        assertEquals(new String(content, StandardCharsets.US_ASCII), new String(world.message(before + 1), StandardCharsets.US_ASCII));
    }
}
