package com.mailplatform.smtp;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graceful shutdown of SMTP sessions (SIGTERM from Kubernetes, k8s/README.md "Shutdown"): from {@link #drain} on,
 * new connections are refused with 421; sessions between transactions are closed with 421 at once, the others when
 * their transaction ends (the 250 after queueing is sent first), and whatever is still open at the deadline gets
 * 421 and is closed. RFC 5321 section 3.8: a server that must shut down answers 421 and closes; the client keeps
 * the message and retries later, so nothing accepted is lost and nothing unaccepted is half-done.
 */
final class SessionDrain {

    /** A session as the drain sees it; both calls return at once and act on the session's own event loop. */
    interface Session {
        /** Closes with {@code reply} if the session is between transactions and no command is in progress. */
        void closeIfIdle(String reply);

        void close(String reply);
    }

    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    void opened(Session s) {
        open.add(s);
    }

    void closed(Session s) {
        open.remove(s);
    }

    boolean draining() {
        return draining;
    }

    int open() {
        return open.size();
    }

    /**
     * Blocks until every session is closed, asking idle ones to close every {@code poll}; at {@code timeout} the
     * rest are closed regardless. Returns how many had to be cut off that way.
     */
    int drain(Duration timeout, Duration poll, String reply) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.forEach(s -> s.closeIfIdle(reply));
            Thread.sleep(Math.max(1, Math.min(poll.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
        }
        List<Session> cut = List.copyOf(open);
        cut.forEach(s -> s.close(reply));
        return cut.size();
    }
}
