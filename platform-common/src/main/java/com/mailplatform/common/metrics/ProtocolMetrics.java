package com.mailplatform.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters every protocol server (SMTP, IMAP, POP3) has, named {@code mail_<protocol>_...} by Prometheus'
 * conventions: {@code _total} counters, {@code _seconds} histograms in base units, labels of bounded cardinality.
 * Command names outside the set given at construction are counted as {@code other}, so a client sending random
 * verbs cannot grow the series set.
 */
public final class ProtocolMetrics {

    /** Histogram buckets for command latency: 1 ms (a NOOP) to 30 s (a big FETCH, a slow store). */
    static final Duration[] COMMAND_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    public static final String OTHER = "other";

    private final MeterRegistry registry;
    private final String prefix;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, Timer> commands = new ConcurrentHashMap<>();
    private final Map<String, Counter> connections = new ConcurrentHashMap<>();
    private final Counter authFailures;

    /**
     * @param protocol  {@code smtp}, {@code imap}, {@code pop3}: the second part of every name
     * @param listeners the values of the connections counter's {@code listener} label (registered at 0)
     * @param verbs     the command names given their own series; upper case, as the RFCs spell them; none: the
     *                  commands are not timed
     */
    public ProtocolMetrics(MeterRegistry registry, String protocol, Set<String> listeners, Set<String> verbs) {
        this.registry = registry;
        this.prefix = "mail." + protocol + ".";
        Gauge.builder(prefix + "sessions.active", active, AtomicInteger::get)
                .description("Open " + protocol + " connections").register(registry);
        authFailures = Counter.builder(prefix + "auth.failures").description("Failed authentication attempts").register(registry);
        for (String l : listeners) {
            connections.put(l, Counter.builder(prefix + "connections").tag("listener", l)
                    .description("Accepted " + protocol + " connections").register(registry));
        }
        for (String v : verbs) {
            commands.put(v, timer(v));
        }
        if (!verbs.isEmpty()) {
            commands.put(OTHER, timer(OTHER));
        }
    }

    private Timer timer(String command) {
        return Timer.builder(prefix + "command.duration").tag("command", command)
                .description("Time from a command's arrival to the end of its reply")
                .serviceLevelObjectives(COMMAND_BUCKETS).register(registry);
    }

    /** The command names of a grammar whose commands are records nested in {@code commands}: FETCH, RETR ... */
    public static Set<String> commandNames(Class<?> commands) {
        Set<String> names = new java.util.HashSet<>();
        for (Class<?> c : commands.getDeclaredClasses()) {
            if (commands.isAssignableFrom(c)) {
                names.add(c.getSimpleName().toUpperCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The prefix of this protocol's meter names ({@code mail.smtp.}), for the service's own meters. */
    public String prefix() {
        return prefix;
    }

    public void connected(String listener) {
        Counter c = connections.get(listener);
        if (c != null) {
            c.increment();
        }
        active.incrementAndGet();
    }

    public void disconnected() {
        active.decrementAndGet();
    }

    public void authFailure() {
        authFailures.increment();
    }

    /** Records the command's latency when {@code stage} completes (either way); returns {@code stage}. */
    public <T> CompletionStage<T> timed(String command, CompletionStage<T> stage) {
        if (stage == null) {
            return null;
        }
        Timer t = commandTimer(command);
        if (t == null) {
            return stage;
        }
        long start = System.nanoTime();
        stage.whenComplete((v, e) -> t.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        return stage;
    }

    Timer commandTimer(String command) {
        Timer t = command == null ? null : commands.get(command.toUpperCase(Locale.ROOT));
        return t != null ? t : commands.get(OTHER);
    }
}
