package com.mailplatform.smtp.policy;

import java.util.ArrayDeque;

/** Events in the last window (Postfix anvil's rate counters), for one key. Synchronized: shared by event loops. */
final class SlidingCounter {

    private final ArrayDeque<Long> times = new ArrayDeque<>();

    synchronized int add(long now, long windowMillis) {
        prune(now, windowMillis);
        times.addLast(now);
        return times.size();
    }

    synchronized int count(long now, long windowMillis) {
        prune(now, windowMillis);
        return times.size();
    }

    synchronized boolean isEmpty(long now, long windowMillis) {
        prune(now, windowMillis);
        return times.isEmpty();
    }

    private void prune(long now, long windowMillis) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
