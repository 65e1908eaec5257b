package com.mailplatform.delivery.queue;

import java.time.Duration;

/** Postfix's retry schedule: minimal_backoff_time, doubling after each failed attempt, capped at maximal_backoff_time. */
public final class Backoff {

    private Backoff() {
    }

    /** The pause after {@code attempts} failed attempts (1 = the first failure). */
    public static Duration after(int attempts, Duration minimal, Duration maximal) {
        Duration d = minimal;
        for (int i = 1; i < attempts && d.compareTo(maximal) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maximal) > 0 ? maximal : d;
    }
}
