package com.mailplatform.store.password;

import com.mailplatform.store.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dovecot's auth_cache for bcrypt verifications: remembers that a password did (or did not) match an account's
 * stored hash, so a client that logs in again does not pay the 70 ms of bcrypt again.
 *
 * <p>An entry is keyed by an HMAC, under a random key made at startup and never stored, of the account, the stored
 * hash and the password: the plaintext is never kept, and the entry says nothing once any of the three changes.
 * The caller reads the stored hash from the database on every login (one indexed query, well under a
 * millisecond), so a password change, a deleted or a disabled account takes effect at once on every replica, with
 * no invalidation message: the new hash has a new salt, so its key differs. For the same reason a remembered
 * failure can never lock out a user who has just changed the password, which is what makes the negative cache
 * safe. The TTLs only bound how long the cache trusts itself and how long stale entries take memory.
 */
@ApplicationScoped
public class CredentialCache {

    private final int size;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final Clock clock;
    private final SecretKeySpec key;
    /** Kept apart so that a stream of wrong passwords cannot push out the users who log in correctly. */
    private final Map<String, Instant> matched;
    private final Map<String, Instant> failed;

    @Inject
    public CredentialCache(StoreConfig config) {
        this(config.authCacheSize(), config.authCacheTtl(), config.authCacheNegativeTtl(), Clock.systemUTC());
    }

    CredentialCache(int size, Duration ttl, Duration negativeTtl, Clock clock) {
        this.size = Math.max(0, size);
        this.ttl = ttl;
        this.negativeTtl = negativeTtl;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.matched = lru(this.size);
        this.failed = lru(this.size);
    }

    /** TRUE or FALSE when this very password was checked against this very stored hash lately; null otherwise. */
    public Boolean verdict(String account, String storedHash, String password) {
        if (size == 0) {
            return null;
        }
        String k = keyOf(account, storedHash, password);
        if (live(matched, k)) {
            return Boolean.TRUE;
        }
        return live(failed, k) ? Boolean.FALSE : null;
    }

    public void remember(String account, String storedHash, String password, boolean ok) {
        Duration life = ok ? ttl : negativeTtl;
        if (size == 0 || life.isZero() || life.isNegative()) {
            return;
        }
        Map<String, Instant> map = ok ? matched : failed;
        synchronized (map) {
            map.put(keyOf(account, storedHash, password), clock.instant().plus(life));
        }
    }

    private boolean live(Map<String, Instant> map, String k) {
        synchronized (map) {
            Instant until = map.get(k);
            if (until == null) {
                return false;
            }
            if (clock.instant().isBefore(until)) {
                return true;
            }
            map.remove(k);
            return false;
        }
    }

    private String keyOf(String account, String storedHash, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // NUL-separated: addresses and hashes hold none, so no two triples give the same input.
            mac.update(account.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(String.valueOf(storedHash).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Instant> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > max;
            }
        };
    }
}
