package com.mailplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * The RSA key pair of admin-api's built-in token issuer (local stack and tests), made once per directory:
 * {@code private.pem} (PKCS#8) signs tokens, and the public key is handed to quarkus-oidc for verification.
 * Never committed: each data directory and each test run makes its own.
 */
public final class JwtSigningKeys {

    /** The {@code iss} of tokens the local issuer signs. */
    public static final String ISSUER = "mailplatform-local";

    public record Keys(Path privateKeyPem, String publicKeyBase64) {
        /** The admin-api settings that enable the issuer and verify its tokens. */
        public Map<String, String> adminApiConfig() {
            return Map.of(
                    "admin.token-issuer.private-key-location", privateKeyPem.toString(),
                    "admin.token-issuer.issuer", ISSUER,
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.oidc.public-key", publicKeyBase64);
        }
    }

    private JwtSigningKeys() {
    }

    public static Keys ensure(Path dir) {
        try {
            Path key = dir.toAbsolutePath().resolve("private.pem");
            if (!Files.exists(key)) {
                Files.createDirectories(dir);
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                KeyPair pair = gen.generateKeyPair();
                Path tmp = dir.toAbsolutePath().resolve("private.pem.tmp");
                Files.writeString(tmp, "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
                Files.move(tmp, key, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            String pem = Files.readString(key, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            byte[] pub = rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent())).getEncoded();
            return new Keys(key, Base64.getEncoder().encodeToString(pub));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
