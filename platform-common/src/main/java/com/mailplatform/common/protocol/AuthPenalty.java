package com.mailplatform.common.protocol;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The authentication penalty of every protocol (SMTP AUTH, IMAP LOGIN/AUTHENTICATE, POP3 PASS, ManageSieve), in
 * the manner of Dovecot's anvil and auth_penalty: failures are counted per client address and per address and
 * user, never per user alone, so an attacker cannot lock the owner out from everywhere.
 * <ul>
 *   <li>Each attempt from an address with recent failures waits a delay that doubles with every failure
 *   ({@code baseDelay} up to {@code maxDelay}); the waits of parallel connections from one address queue behind
 *   each other, so opening more connections does not buy more guesses.</li>
 *   <li>Past {@code maxFailuresPerIp} failures in the window, that address may not authenticate at all until the
 *   window passes; past {@code maxFailuresPerUser} for one user from one address, that user from that address
 *   is refused likewise. The check is refused without asking the store, whatever the password.</li>
 *   <li>A success clears that address-and-user's count (as Dovecot's penalty ends at a successful login).</li>
 * </ul>
 * Counted per replica, like anvil per host. Memory is bounded: at most {@code maxEntries} addresses are tracked,
 * the least recently seen dropped first. Time comes from the injected {@link Clock}, so tests advance it.
 */
public final class AuthPenalty {

    /** What an attempt may do: wait {@code delay} and then check the password, or be refused outright. */
    public record Verdict(Duration delay, boolean refused) {
    }

    private static final class PerIp {
        final ArrayDeque<Long> failures = new ArrayDeque<>();
        final Map<String, ArrayDeque<Long>> perUser = new LinkedHashMap<>();
        long nextSlot;
    }

    private final Clock clock;
    private final long window;
    private final long baseDelay;
    private final long maxDelay;
    private final int maxFailuresPerIp;
    private final int maxFailuresPerUser;
    private final int maxEntries;
    private final LinkedHashMap<String, PerIp> byIp = new LinkedHashMap<>(16, 0.75f, true);

    public AuthPenalty(Clock clock, Duration window, Duration baseDelay, Duration maxDelay, int maxFailuresPerIp,
                       int maxFailuresPerUser, int maxEntries) {
        this.clock = clock;
        this.window = window.toMillis();
        this.baseDelay = baseDelay.toMillis();
        this.maxDelay = maxDelay.toMillis();
        this.maxFailuresPerIp = maxFailuresPerIp;
        this.maxFailuresPerUser = maxFailuresPerUser;
        this.maxEntries = maxEntries;
    }

    /** Called before checking a password; {@code user} may be null when it is not known yet. */
    public synchronized Verdict attempt(String ip, String user) {
        long now = clock.millis();
        PerIp p = byIp.get(ip);
        if (p == null) {
            return new Verdict(Duration.ZERO, false);
        }
        int failures = prune(p.failures, now);
        ArrayDeque<Long> userFailures = user == null ? null : p.perUser.get(key(user));
        int forUser = userFailures == null ? 0 : prune(userFailures, now);
        if ((maxFailuresPerIp > 0 && failures >= maxFailuresPerIp) || (maxFailuresPerUser > 0 && forUser >= maxFailuresPerUser)) {
            return new Verdict(Duration.ofMillis(delayFor(failures)), true);
        }
        if (failures == 0) {
            return new Verdict(Duration.ZERO, false);
        }
        long slot = Math.max(now, p.nextSlot) + delayFor(failures);
        p.nextSlot = slot;
        return new Verdict(Duration.ofMillis(slot - now), false);
    }

    public synchronized void failed(String ip, String user) {
        long now = clock.millis();
        PerIp p = byIp.computeIfAbsent(ip, k -> new PerIp());
        p.failures.addLast(now);
        if (user != null) {
            if (p.perUser.size() >= 64 && !p.perUser.containsKey(key(user))) {
                // an address trying thousands of names is bounded by its own count; forget the oldest name
                Iterator<String> it = p.perUser.keySet().iterator();
                it.next();
                it.remove();
            }
            p.perUser.computeIfAbsent(key(user), k -> new ArrayDeque<>()).addLast(now);
        }
        while (byIp.size() > maxEntries) {
            Iterator<String> it = byIp.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    public synchronized void succeeded(String ip, String user) {
        PerIp p = byIp.get(ip);
        if (p != null && user != null) {
            p.perUser.remove(key(user));
        }
    }

    /** Whether {@code ip} may not authenticate at all now (checked before a mechanism starts; reserves nothing). */
    public synchronized boolean blocked(String ip) {
        return maxFailuresPerIp > 0 && failures(ip) >= maxFailuresPerIp;
    }

    /** Failures from {@code ip} within the window (for logs and tests). */
    public synchronized int failures(String ip) {
        PerIp p = byIp.get(ip);
        return p == null ? 0 : prune(p.failures, clock.millis());
    }

    private long delayFor(int failures) {
        if (failures <= 0) {
            return 0;
        }
        int shift = Math.min(failures - 1, 20);
        return Math.min(maxDelay, baseDelay << shift);
    }

    private int prune(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - window) {
            times.removeFirst();
        }
        return times.size();
    }

    private static String key(String user) {
        return user.toLowerCase(Locale.ROOT);
    }
}
