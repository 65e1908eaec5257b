package com.mailplatform.admin.security;

import com.mailplatform.admin.AdminConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/**
 * The local stack's built-in token issuer: RS256 JWTs with the roles in {@code groups} (where quarkus-oidc
 * looks for roles by default), verified by quarkus-oidc against {@code quarkus.oidc.public-key}. In production
 * tokens come from the real issuer and this stays disabled (no private key configured).
 */
@ApplicationScoped
public class LocalTokenIssuer {

    public record Issued(String token, String subject, Set<String> roles, long expiresInSeconds) {
    }

    private final AdminConfig config;
    private volatile PrivateKey key;

    public LocalTokenIssuer(AdminConfig config) {
        this.config = config;
    }

    public boolean enabled() {
        return config.tokenIssuer().privateKeyLocation().isPresent();
    }

    public Issued issue(String subject, Set<String> roles, Duration lifetime) throws IOException, GeneralSecurityException {
        Duration max = config.tokenIssuer().maxLifetime();
        Duration ttl = lifetime == null || lifetime.isZero() || lifetime.compareTo(max) > 0 ? max : lifetime;
        String token = Jwt.issuer(config.tokenIssuer().issuer()).subject(subject).upn(subject).groups(roles)
                .expiresIn(ttl).sign(key());
        return new Issued(token, subject, roles, ttl.toSeconds());
    }

    private PrivateKey key() throws IOException, GeneralSecurityException {
        PrivateKey k = key;
        if (k == null) {
            String pem = Files.readString(Path.of(config.tokenIssuer().privateKeyLocation().orElseThrow()), StandardCharsets.US_ASCII);
            k = KeyUtils.decodePrivateKey(pem);
            key = k;
        }
        return k;
    }
}
