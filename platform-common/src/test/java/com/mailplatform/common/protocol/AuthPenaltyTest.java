package com.mailplatform.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

public class AuthPenaltyTest {

    /** A clock the test moves (the metrics tests use it too). */
    public static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final AuthPenalty penalty = new AuthPenalty(clock, Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofSeconds(15), 30, 10, 1000);

    @Test
    void delaysDoubleAndParallelAttemptsQueueBehindEachOther() {
        assertEquals(Duration.ZERO, penalty.attempt("192.0.2.9", "a@x.test").delay());
        penalty.failed("192.0.2.9", "a@x.test");
        assertEquals(Duration.ofSeconds(2), penalty.attempt("192.0.2.9", "a@x.test").delay());
        penalty.failed("192.0.2.9", "a@x.test");
        // three attempts at the same instant from three connections: 4 s, 8 s, 12 s, not all after 4 s
        assertEquals(Duration.ofSeconds(6), penalty.attempt("192.0.2.9", "a@x.test").delay(), "after the 2 s slot already taken");
        assertEquals(Duration.ofSeconds(10), penalty.attempt("192.0.2.9", "b@x.test").delay());
        assertEquals(Duration.ofSeconds(14), penalty.attempt("192.0.2.9", "c@x.test").delay());
        assertEquals(Duration.ZERO, penalty.attempt("192.0.2.10", "a@x.test").delay(), "another address is not slowed");
    }

    /**
     * Issue: 50 wrong logins over 17 connections, then the right password still worked; 20 parallel connections made
     * 8.4 guesses/s. Now an address is refused after its limit and the guesses it gets cost minutes.
     */
    @Test
    void guessingIsSlowThenRefusedAndNeverLocksTheOwnerOutElsewhere() {
        long waited = 0;
        int allowed = 0;
        for (int i = 0; i < 50; i++) {
            AuthPenalty.Verdict v = penalty.attempt("203.0.113.7", "victim@x.test");
            if (v.refused()) {
                break;
            }
            allowed++;
            waited += v.delay().toMillis();
            clock.advance(v.delay());
            penalty.failed("203.0.113.7", "victim@x.test");
        }
        assertEquals(10, allowed, "ten guesses for one user from one address");
        assertTrue(waited >= 100_000, "and they took at least 100 s, not 1.2 s: " + waited);
        assertTrue(penalty.attempt("203.0.113.7", "victim@x.test").refused(), "the right password is not even checked now");
        assertFalse(penalty.attempt("198.51.100.1", "victim@x.test").refused(), "the owner from elsewhere is not locked out");
        assertEquals(Duration.ZERO, penalty.attempt("198.51.100.1", "victim@x.test").delay());
        clock.advance(Duration.ofMinutes(16));
        assertFalse(penalty.attempt("203.0.113.7", "victim@x.test").refused(), "the window passes");
    }

    @Test
    void sprayingManyUsersFromOneAddressHitsThePerAddressLimit() {
        for (int i = 0; i < 30; i++) {
            assertFalse(penalty.blocked("203.0.113.8"));
            penalty.failed("203.0.113.8", "user" + i + "@x.test");
        }
        assertTrue(penalty.blocked("203.0.113.8"));
        assertTrue(penalty.attempt("203.0.113.8", "fresh@x.test").refused());
    }

    @Test
    void successClearsThatUsersCountAndMemoryIsBounded() {
        for (int i = 0; i < 9; i++) {
            penalty.failed("192.0.2.1", "me@x.test");
        }
        penalty.succeeded("192.0.2.1", "me@x.test");
        penalty.failed("192.0.2.1", "me@x.test");
        assertFalse(penalty.attempt("192.0.2.1", "me@x.test").refused(), "a typo after a success is not the tenth strike");
        AuthPenalty small = new AuthPenalty(clock, Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofSeconds(15), 30, 10, 100);
        for (int i = 0; i < 10_000; i++) {
            small.failed("10.0." + (i / 256) + "." + (i % 256), "u@x.test");
        }
        assertEquals(0, small.failures("10.0.0.0"), "the oldest addresses were forgotten");
        assertEquals(1, small.failures("10.0.39.15"));
    }
}
