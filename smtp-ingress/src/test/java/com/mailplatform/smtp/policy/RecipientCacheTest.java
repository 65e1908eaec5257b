package com.mailplatform.smtp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply.Status;
import com.mailplatform.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecipientCacheTest {

    private final TestClock clock = new TestClock();

    @Test
    void anExistingAddressIsReusedUntilTheTtlHasPassed() {
        RecipientCache cache = new RecipientCache(Duration.ofSeconds(10), 100, clock);
        cache.put("demo@example.test", Status.LOCAL_EXISTS);
        clock.advance(Duration.ofMillis(9_999));
        assertEquals(Status.LOCAL_EXISTS, cache.get("demo@example.test"));
        clock.advance(Duration.ofMillis(1));
        assertNull(cache.get("demo@example.test"), "expired: a deleted account is accepted for at most the TTL");
    }

    @Test
    void refusingAnswersAreNeverKeptSoANewAccountOrDomainIsAcceptedAtOnce() {
        RecipientCache cache = new RecipientCache(Duration.ofSeconds(10), 100, clock);
        cache.put("new@example.test", Status.LOCAL_UNKNOWN);
        cache.put("x@not-ours.test", Status.NOT_LOCAL);
        assertNull(cache.get("new@example.test"));
        assertNull(cache.get("x@not-ours.test"));
    }

    @Test
    void aZeroTtlAsksEveryTimeAndAFullCacheStartsOver() {
        RecipientCache off = new RecipientCache(Duration.ZERO, 100, clock);
        off.put("demo@example.test", Status.LOCAL_EXISTS);
        assertNull(off.get("demo@example.test"));

        RecipientCache small = new RecipientCache(Duration.ofSeconds(10), 2, clock);
        small.put("a@example.test", Status.LOCAL_EXISTS);
        small.put("b@example.test", Status.LOCAL_EXISTS);
        small.put("c@example.test", Status.LOCAL_EXISTS);
        assertNull(small.get("a@example.test"), "cleared when full");
        assertEquals(Status.LOCAL_EXISTS, small.get("c@example.test"));
    }
}
