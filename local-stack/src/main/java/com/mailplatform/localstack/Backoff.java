package com.mailplatform.localstack;

import java.time.Duration;

/**
 * How long the supervisor waits before restarting a part that died: 1 s, doubling to at most 30 s while the part
 * keeps dying young; a part that stayed up for a minute before it died starts over at 1 s.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofSeconds(60);

    private final Duration first;
    private final Duration max;
    private final Duration stable;
    private Duration next;

    Backoff(Duration first, Duration max, Duration stable) {
        this.first = first;
        this.max = max;
        this.stable = stable;
        this.next = first;
    }

    static Backoff standard() {
        return new Backoff(FIRST, MAX, STABLE);
    }

    /** The delay before the next start of a part that died after {@code uptime}. */
    synchronized Duration afterDeath(Duration uptime) {
        if (uptime.compareTo(stable) >= 0) {
            next = first;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }
}
