package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.CreateDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDomainRequest;
import com.mailplatform.common.grpc.mailbox.DkimKey;
import com.mailplatform.common.grpc.mailbox.ListDkimKeysRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxDkim;
import com.mailplatform.common.grpc.mailbox.RotateDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.SigningKey;
import com.mailplatform.common.grpc.mailbox.SigningKeysRequest;
import com.mailplatform.testsupport.SharedInfraResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** DKIM keys per domain over real gRPC against the real schema in the shared embedded PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class MailboxDkimGrpcTest {

    static final Duration T = Duration.ofSeconds(30);
    static final String RSA = "rsa-sha256";
    static final String ED = "ed25519-sha256";

    @GrpcClient("store")
    MailboxAdmin admin;

    @GrpcClient("store")
    MailboxDkim dkim;

    private String newDomain() {
        String domain = "k" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        return domain;
    }

    private DkimKey create(String domain, String algorithm, String selector) {
        return dkim.createKey(CreateDkimKeyRequest.newBuilder().setDomain(domain).setAlgorithm(algorithm).setSelector(selector).build())
                .await().atMost(T);
    }

    private List<DkimKey> list(String domain) {
        return dkim.listKeys(ListDkimKeysRequest.newBuilder().setDomain(domain).build()).await().atMost(T).getItemsList();
    }

    private List<SigningKey> signing(String domain) {
        return dkim.signingKeys(SigningKeysRequest.newBuilder().setDomain(domain).build()).await().atMost(T).getKeysList();
    }

    /** The failure's description, after checking its code. */
    private static String refused(Status.Code code, Supplier<?> call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::get);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
        return e.getStatus().getDescription();
    }

    @Test
    void createsBothAlgorithmsWithPublishableRecordsMatchingTheSigningKeys() throws Exception {
        String d = newDomain();
        DkimKey rsa = create(d, RSA, "");
        DkimKey ed = create(d, "ED25519-SHA256", "");
        assertTrue(rsa.getSelector().matches("s\\d{6}r"), rsa.getSelector());
        assertTrue(ed.getSelector().matches("s\\d{6}e"), ed.getSelector());
        assertEquals(rsa.getSelector() + "._domainkey." + d, rsa.getDnsName());
        assertTrue(rsa.getActive() && ed.getActive());
        assertTrue(rsa.getTxtRecord().startsWith("v=DKIM1; k=rsa; p="), rsa.getTxtRecord());
        assertTrue(ed.getTxtRecord().startsWith("v=DKIM1; k=ed25519; p="), ed.getTxtRecord());

        PublicKey rsaPublic = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p(rsa)));
        assertEquals(2048, ((RSAPublicKey) rsaPublic).getModulus().bitLength());
        // RFC 8463 section 4: the raw 32-byte key, not a SubjectPublicKeyInfo.
        byte[] raw = p(ed);
        assertEquals(32, raw.length);
        PublicKey edPublic = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                concat(HexFormat.of().parseHex("302a300506032b6570032100"), raw)));

        List<SigningKey> keys = signing(d.toUpperCase());
        assertEquals(List.of(RSA, ED), keys.stream().map(SigningKey::getAlgorithm).toList());
        assertSignsFor(keys.get(0), "RSA", "SHA256withRSA", rsaPublic);
        assertSignsFor(keys.get(1), "Ed25519", "Ed25519", edPublic);
        assertEquals(2, list(d).size());
    }

    @Test
    void rotationRetiresTheOldKeyButKeepsItListedUntilDeleted() {
        String d = newDomain();
        DkimKey first = create(d, RSA, "");
        String already = refused(Status.Code.FAILED_PRECONDITION, () -> create(d, RSA, ""));
        assertTrue(already.contains("rotate"), already);

        DkimKey second = dkim.rotateKey(RotateDkimKeyRequest.newBuilder().setDomain(d).setAlgorithm(RSA).build()).await().atMost(T);
        assertEquals(first.getSelector() + "2", second.getSelector());
        assertFalse(second.getTxtRecord().equals(first.getTxtRecord()));
        List<DkimKey> listed = list(d);
        assertEquals(List.of(second.getSelector(), first.getSelector()), listed.stream().map(DkimKey::getSelector).toList());
        assertTrue(listed.get(0).getActive());
        assertFalse(listed.get(1).getActive());
        assertTrue(listed.get(1).getRetiredMillis() >= listed.get(1).getCreatedMillis());
        assertEquals(List.of(second.getSelector()), signing(d).stream().map(SigningKey::getSelector).toList());

        assertTrue(dkim.deleteKey(DeleteDkimKeyRequest.newBuilder().setDomain(d).setSelector(first.getSelector()).build())
                .await().atMost(T).getDeleted());
        assertEquals(1, list(d).size());
        refused(Status.Code.NOT_FOUND, () -> dkim.deleteKey(DeleteDkimKeyRequest.newBuilder().setDomain(d)
                .setSelector(first.getSelector()).build()).await().atMost(T));
        // Rotating an algorithm without an active key just makes one.
        assertTrue(dkim.rotateKey(RotateDkimKeyRequest.newBuilder().setDomain(d).setAlgorithm(ED).build()).await().atMost(T).getActive());
        assertEquals(2, signing(d).size());
    }

    @Test
    void chosenSelectorsAreCheckedAndUnique() {
        String d = newDomain();
        assertEquals("mail.2026-a", create(d, ED, "Mail.2026-A").getSelector());
        String dup = refused(Status.Code.ALREADY_EXISTS, () -> create(d, RSA, "mail.2026-a"));
        assertTrue(dup.contains("mail.2026-a"), dup);
        for (String bad : List.of("-bad", "bad-", "a..b", "a_b", "sel ector", "ä", "x".repeat(64), "a;p=x")) {
            String why = refused(Status.Code.INVALID_ARGUMENT, () -> create(d, RSA, bad));
            assertTrue(why.contains("selector"), why);
        }
        String tooLong = refused(Status.Code.INVALID_ARGUMENT, () -> create(d, RSA, ("a".repeat(60) + ".").repeat(4) + "a"));
        assertTrue(tooLong.contains("too long"), tooLong);
        String alg = refused(Status.Code.INVALID_ARGUMENT, () -> create(d, "rsa-sha1", ""));
        assertTrue(alg.contains("rsa-sha1"), alg);
        refused(Status.Code.NOT_FOUND, () -> create("nowhere-" + d, RSA, ""));
        refused(Status.Code.NOT_FOUND, () -> list("nowhere-" + d));
        assertEquals(List.of(), signing("nowhere-" + d));
    }

    @Test
    void keysGoWithTheirDomain() {
        String d = newDomain();
        create(d, RSA, "");
        assertTrue(admin.deleteDomain(DeleteDomainRequest.newBuilder().setName(d).build()).await().atMost(T).getDeleted());
        assertEquals(List.of(), signing(d));
        refused(Status.Code.NOT_FOUND, () -> list(d));
    }

    private static byte[] p(DkimKey key) {
        String txt = key.getTxtRecord();
        return Base64.getDecoder().decode(txt.substring(txt.indexOf("p=") + 2));
    }

    private static void assertSignsFor(SigningKey key, String keyAlgorithm, String signatureAlgorithm, PublicKey published) throws Exception {
        PrivateKey priv = KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getPrivateKeyPkcs8().toByteArray()));
        byte[] data = "canonicalized header data".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(signatureAlgorithm);
        s.initSign(priv);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(signatureAlgorithm);
        v.initVerify(published);
        v.update(data);
        assertTrue(v.verify(sig), key.getSelector() + " does not match its published key");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
