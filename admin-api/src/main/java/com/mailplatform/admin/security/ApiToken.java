package com.mailplatform.admin.security;

import com.mailplatform.admin.AdminConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Decides whether an {@code Authorization} header carries the configured static bearer token. */
@Singleton
public class ApiToken {

    public enum Verdict { OK, NOT_CONFIGURED, MISSING, INVALID }

    private static final Logger LOG = Logger.getLogger(ApiToken.class);
    private static final String SCHEME = "bearer ";

    /** SHA-256 of the configured token, or null when none is configured. */
    private final byte[] expected;

    @jakarta.inject.Inject
    public ApiToken(AdminConfig config) {
        this(config.apiToken());
    }

    public ApiToken(java.util.Optional<String> configured) {
        this.expected = configured.filter(t -> !t.isBlank()).map(ApiToken::sha256).orElse(null);
    }

    void warnIfUnset(@Observes StartupEvent event) {
        if (expected == null) {
            LOG.warn("admin.api-token is not configured (set ADMIN_API_TOKEN): every /api request will be refused with 401");
        }
    }

    public Verdict check(String authorization) {
        if (expected == null) {
            return Verdict.NOT_CONFIGURED;
        }
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Verdict.MISSING;
        }
        String presented = authorization.substring(SCHEME.length()).trim();
        if (presented.isEmpty()) {
            return Verdict.MISSING;
        }
        // Comparing fixed-length digests with MessageDigest.isEqual takes the same time wherever the tokens
        // differ and does not reveal the configured token's length.
        return MessageDigest.isEqual(expected, sha256(presented)) ? Verdict.OK : Verdict.INVALID;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
