package com.mailplatform.store.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mailplatform.testsupport.TestClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    @Test
    void remembersUntilTheTtlAndOnlyForTheSameHashAndPassword() {
        TestClock clock = new TestClock();
        CredentialCache cache = new CredentialCache(10, Duration.ofHours(1), Duration.ofMinutes(5), clock);
        cache.remember("a@x.test", "{BLF-CRYPT}h1", "pw", true);
        cache.remember("a@x.test", "{BLF-CRYPT}h1", "bad", false);
        assertEquals(Boolean.TRUE, cache.verdict("a@x.test", "{BLF-CRYPT}h1", "pw"));
        assertEquals(Boolean.FALSE, cache.verdict("a@x.test", "{BLF-CRYPT}h1", "bad"));
        assertNull(cache.verdict("a@x.test", "{BLF-CRYPT}h2", "pw"), "a new hash (password changed) is a miss");
        assertNull(cache.verdict("a@x.test", "{BLF-CRYPT}h2", "bad"), "so is a remembered failure: no lock-out");
        assertNull(cache.verdict("b@x.test", "{BLF-CRYPT}h1", "pw"));
        assertNull(cache.verdict("a@x.test", null, "pw"), "a deleted or disabled account (no hash) is a miss");

        clock.advance(Duration.ofMinutes(6));
        assertEquals(Boolean.TRUE, cache.verdict("a@x.test", "{BLF-CRYPT}h1", "pw"));
        assertNull(cache.verdict("a@x.test", "{BLF-CRYPT}h1", "bad"), "auth_cache_negative_ttl over");
        clock.advance(Duration.ofHours(1));
        assertNull(cache.verdict("a@x.test", "{BLF-CRYPT}h1", "pw"), "auth_cache_ttl over");
    }

    @Test
    void boundedAndFailuresCannotPushOutSuccesses() {
        CredentialCache cache = new CredentialCache(2, Duration.ofHours(1), Duration.ofHours(1), Clock.systemUTC());
        cache.remember("a@x.test", "h", "pw", true);
        for (int i = 0; i < 100; i++) {
            cache.remember("a@x.test", "h", "guess" + i, false);
        }
        assertEquals(Boolean.TRUE, cache.verdict("a@x.test", "h", "pw"));
        assertNull(cache.verdict("a@x.test", "h", "guess0"), "only the last 2 failures are kept");
        cache.remember("b@x.test", "h", "pw", true);
        cache.remember("c@x.test", "h", "pw", true);
        assertNull(cache.verdict("a@x.test", "h", "pw"), "least recently used success went");
    }

    @Test
    void sizeZeroTurnsItOff() {
        CredentialCache cache = new CredentialCache(0, Duration.ofHours(1), Duration.ofHours(1), Clock.systemUTC());
        cache.remember("a@x.test", "h", "pw", true);
        assertNull(cache.verdict("a@x.test", "h", "pw"));
    }
}
