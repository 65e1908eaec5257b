package com.mailplatform.admin.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples of counters (series key to total since the component started) per component, kept for a window, and the
 * increase over it. Prometheus counters only grow, except when their process restarts: a value below the previous
 * one is a reset, and the increase since is the new value (Prometheus's increase() does the same). A component that
 * could not be read in a sample is skipped; its next reading is compared with its last one. A series first seen is
 * counted from 0: Micrometer creates a counter at its first increment.
 */
public final class CounterHistory {

    /** One reading: per component its counters, or absent when it could not be read. */
    public record Sample(Instant at, Map<String, Map<String, Double>> components) {
    }

    public record Increase(Instant from, Instant to, int samples, Map<String, Double> totals) {
    }

    private final Duration window;
    private final int maxSamples;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public CounterHistory(Duration window, int maxSamples) {
        this.window = window;
        this.maxSamples = maxSamples;
    }

    /** Keeps a sample; drops those older than the window, but one at or before its start stays as the baseline. */
    public synchronized void add(Sample s) {
        samples.addLast(s);
        Instant start = s.at().minus(window);
        while (samples.size() > 1) {
            Sample first = samples.removeFirst();
            Sample second = samples.peekFirst();
            if (second.at().isAfter(start) && samples.size() < maxSamples) {
                samples.addFirst(first);
                break;
            }
        }
    }

    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** The increase per series from the oldest kept sample to {@code latest} (not kept; may be null). */
    public synchronized Increase increase(Sample latest) {
        List<Sample> all = new ArrayList<>(samples);
        if (latest != null) {
            all.add(latest);
        }
        Map<String, Double> totals = new TreeMap<>();
        Map<String, Map<String, Double>> last = new HashMap<>();
        for (Sample sample : all) {
            for (Map.Entry<String, Map<String, Double>> c : sample.components().entrySet()) {
                Map<String, Double> now = c.getValue();
                if (now == null) {
                    continue;
                }
                Map<String, Double> before = last.get(c.getKey());
                if (before != null) {
                    now.forEach((series, v) -> {
                        double prev = before.getOrDefault(series, 0.0);
                        totals.merge(series, v >= prev ? v - prev : v, Double::sum);
                    });
                } else {
                    // the component's first reading: the baseline, nothing to compare with yet
                    now.keySet().forEach(series -> totals.merge(series, 0.0, Double::sum));
                }
                last.put(c.getKey(), now);
            }
        }
        if (all.isEmpty()) {
            return new Increase(null, null, 0, totals);
        }
        return new Increase(all.get(0).at(), all.get(all.size() - 1).at(), all.size(), totals);
    }
}
