package com.mailplatform.common.dns;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * A dnsjava {@link Resolver} in front of another that caches whole answers per question (name, type, class), shares
 * one upstream query among concurrent identical questions (single flight) and bounds the queries upstream at once.
 * Everything that speaks dnsjava (LookupSession, Lookup, jSPF, jDKIM) can sit on it; {@link #sendAsync} never
 * blocks.
 *
 * <p>How long an answer is kept:
 * <ul>
 * <li>records: the smallest TTL in the answer section, at most {@link Settings#maxTtl} (a TTL of 0 is not cached,
 * RFC 1035 section 3.2.1);</li>
 * <li>NXDOMAIN and NODATA: min(SOA TTL, SOA MINIMUM) of the SOA in the authority section (RFC 2308 section 5), at
 * most {@link Settings#maxNegativeTtl}; without an SOA {@link Settings#negativeTtl} (RFC 2308 section 5 says not to
 * cache such an answer at all, but a resolver that strips SOAs then costs a query per message);</li>
 * <li>SERVFAIL, REFUSED, a timeout or any other failure: {@link Settings#failureTtl}, so that a dead domain costs
 * one timeout per failureTtl instead of one per message (RFC 9520 section 3.2: cache failures, at least 1 s, at most
 * 5 minutes).</li>
 * </ul>
 */
public final class CachingResolver implements Resolver {

    /**
     * @param maxEntries     answers kept at most (expired ones go first, then arbitrary ones)
     * @param maxTtl         the longest a positive answer is kept, whatever its TTL
     * @param negativeTtl    NXDOMAIN/NODATA without an SOA to take the negative TTL from
     * @param maxNegativeTtl the longest a negative answer is kept
     * @param failureTtl     SERVFAIL, REFUSED, timeouts
     * @param maxInFlight    queries upstream at once; more wait (without a thread) for one to finish
     * @param maxWaiting     queries waiting for a slot; beyond that a question fails at once (temporary failure)
     */
    public record Settings(int maxEntries, Duration maxTtl, Duration negativeTtl, Duration maxNegativeTtl,
                           Duration failureTtl, int maxInFlight, int maxWaiting) {
        public Settings {
            if (maxEntries < 1 || maxInFlight < 1 || maxWaiting < 0) {
                throw new IllegalArgumentException("DNS cache: entries and in-flight must be positive");
            }
        }

        /** The defaults documented on the services' configuration. */
        public static Settings defaults() {
            return new Settings(10_000, Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofHours(1),
                    Duration.ofSeconds(5), 256, 4096);
        }
    }

    private record Key(Name name, int type, int dclass) {
    }

    /** A cached answer or failure (exactly one of them). */
    private record Entry(Message answer, Throwable failure, long expiresAt) {
    }

    private final Resolver upstream;
    private final Settings settings;
    private final Clock clock;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<Message>> inFlight = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final LongAdder upstreamQueries = new LongAdder();
    private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> false);

    public CachingResolver(Resolver upstream, Settings settings, Clock clock) {
        this.upstream = upstream;
        this.settings = settings;
        this.clock = clock;
        this.slots = new Semaphore(settings.maxInFlight());
    }

    /** Queries sent upstream so far (cache misses that did not join a query in flight). */
    public long upstreamQueries() {
        return upstreamQueries.sum();
    }

    /** Answers in the cache, expired ones not yet removed included. */
    public int cachedEntries() {
        return cache.size();
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        Record question = query.getQuestion();
        if (question == null) {
            return upstream.sendAsync(query, executor);
        }
        int id = query.getHeader().getID();
        Key key = new Key(question.getName(), question.getType(), question.getDClass());
        Entry hit = cache.get(key);
        if (hit != null) {
            if (hit.expiresAt() > clock.millis()) {
                return hit.failure() != null ? CompletableFuture.failedFuture(hit.failure())
                        : CompletableFuture.completedFuture(withId(hit.answer(), id));
            }
            cache.remove(key, hit);
        }
        CompletableFuture<Message> mine = new CompletableFuture<>();
        CompletableFuture<Message> shared = inFlight.putIfAbsent(key, mine);
        if (shared == null) {
            shared = mine;
            start(key, query, executor, mine);
        }
        // Each caller gets its own copy with its own ID: callers may read or change the message.
        return shared.thenApply(m -> withId(m, id));
    }

    private void start(Key key, Message query, Executor executor, CompletableFuture<Message> result) {
        long queuedAt = clock.millis();
        Runnable send = () -> {
            if (clock.millis() - queuedAt > upstream.getTimeout().toMillis()) {
                // It waited longer than a query may take: its caller has given up.
                done(key, result, null, new IOException("Timed out waiting for a DNS query slot"));
                return;
            }
            upstreamQueries.increment();
            CompletionStage<Message> sent;
            try {
                sent = upstream.sendAsync(query, executor);
            } catch (RuntimeException e) {
                done(key, result, null, e);
                return;
            }
            sent.whenComplete((answer, failure) -> done(key, result, answer, failure));
        };
        if (slots.tryAcquire()) {
            send.run();
        } else if (waitingCount.incrementAndGet() > settings.maxWaiting()) {
            waitingCount.decrementAndGet();
            inFlight.remove(key, result);
            result.completeExceptionally(new IOException("Too many DNS queries in flight"));
        } else {
            waiting.add(send);
            // A slot may have been released between tryAcquire and add.
            drain();
        }
    }

    private void done(Key key, CompletableFuture<Message> result, Message answer, Throwable failure) {
        try {
            long ttl = failure != null ? settings.failureTtl().toMillis() : ttlMillis(answer);
            if (ttl > 0) {
                put(key, new Entry(answer, failure, clock.millis() + ttl));
            }
        } finally {
            // Cached first, then out of flight: a caller in between finds one or the other.
            inFlight.remove(key, result);
            slots.release();
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(answer);
            }
            drain();
        }
    }

    private void drain() {
        if (draining.get()) {
            // A query that failed at once from inside this loop: the loop goes on, no recursion.
            return;
        }
        draining.set(true);
        try {
            while (!waiting.isEmpty() && slots.tryAcquire()) {
                Runnable next = waiting.poll();
                if (next == null) {
                    slots.release();
                    return;
                }
                waitingCount.decrementAndGet();
                next.run();
            }
        } finally {
            draining.set(false);
        }
    }

    private void put(Key key, Entry entry) {
        if (cache.size() >= settings.maxEntries()) {
            evict();
        }
        cache.put(key, entry);
    }

    /** Expired entries, then arbitrary ones down to 90% of the cap, so a full cache is not swept on every put. */
    private synchronized void evict() {
        if (cache.size() < settings.maxEntries()) {
            return;
        }
        long now = clock.millis();
        cache.values().removeIf(e -> e.expiresAt() <= now);
        int target = settings.maxEntries() * 9 / 10;
        Iterator<Key> it = cache.keySet().iterator();
        while (cache.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** How long {@code answer} may be kept, per the rules in the class comment; 0: not at all. */
    long ttlMillis(Message answer) {
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return settings.failureTtl().toMillis();
        }
        List<Record> records = answer.getSection(Section.ANSWER);
        if (rcode == Rcode.NOERROR && !records.isEmpty()) {
            long min = Long.MAX_VALUE;
            for (Record r : records) {
                min = Math.min(min, r.getTTL());
            }
            return Math.min(min * 1000, settings.maxTtl().toMillis());
        }
        for (Record r : answer.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.min(Math.min(soa.getTTL(), soa.getMinimum()) * 1000, settings.maxNegativeTtl().toMillis());
            }
        }
        return settings.negativeTtl().toMillis();
    }

    private static Message withId(Message m, int id) {
        Message copy = m.clone();
        copy.getHeader().setID(id);
        return copy;
    }

    @Override
    public void setPort(int port) {
        upstream.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        upstream.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        upstream.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        upstream.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        upstream.setTSIGKey(key);
    }

    @Override
    public void setTimeout(Duration timeout) {
        upstream.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
        return upstream.getTimeout();
    }
}
