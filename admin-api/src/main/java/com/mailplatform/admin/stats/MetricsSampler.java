package com.mailplatform.admin.stats;

import com.mailplatform.admin.AdminConfig;
import com.mailplatform.admin.status.ComponentUrls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * console2: the dashboard's "last hour" from the services' own counters. Every {@link #INTERVAL} (and at start) it
 * reads each component's {@code /q/metrics} (URLs as {@code /status}) and keeps the mail counters in a
 * {@link CounterHistory} of one hour (at most {@link #MAX_SAMPLES} samples of a few series each). A request takes a
 * fresh sample as the window's end, so what just happened is counted. Scrapes are bounded in time
 * ({@code admin.status.timeout}) and size ({@link #MAX_BYTES}); an unreadable component is reported, not fatal.
 * With several replicas of a component only the one its URL reaches is read.
 */
@ApplicationScoped
public class MetricsSampler {

    private static final Logger LOG = Logger.getLogger(MetricsSampler.class);

    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final Duration WINDOW = Duration.ofHours(1);
    static final int MAX_SAMPLES = 62;
    static final int MAX_BYTES = 4 * 1024 * 1024;
    /** A fresh sample per request at most this often, so a busy dashboard does not hammer the services. */
    static final Duration FRESH_EVERY = Duration.ofSeconds(1);

    static final String DELIVERIES = "mail_deliveries_total";
    static final String REJECTS = "mail_smtp_rejects_total";
    static final String TRANSACTIONS = "mail_smtp_transactions_total";
    static final Set<String> WANTED = Set.of(DELIVERIES, REJECTS, TRANSACTIONS);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Inject
    AdminConfig config;

    Clock clock = Clock.systemUTC();
    private final CounterHistory history = new CounterHistory(WINDOW, MAX_SAMPLES);
    private volatile Reading fresh;
    private ScheduledExecutorService timer;

    /** A sample and the components that could not be read in it (name to reason). */
    public record Reading(CounterHistory.Sample sample, Map<String, String> errors) {
    }

    void start(@Observes StartupEvent e) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                history.add(read().sample());
            } catch (RuntimeException ex) {
                LOG.warnf("metrics sample failed: %s", ex.toString());
            }
        }, 0, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The increase over the kept window up to now, with the components that could not be read now. */
    public synchronized Map.Entry<CounterHistory.Increase, Map<String, String>> lastHour() {
        Reading r = fresh;
        if (r == null || Duration.between(r.sample().at(), clock.instant()).compareTo(FRESH_EVERY) >= 0) {
            r = read();
            fresh = r;
        }
        return Map.entry(history.increase(r.sample()), r.errors());
    }

    Reading read() {
        Map<String, String> urls = ComponentUrls.of(config);
        Map<String, CompletableFuture<Object>> asks = new TreeMap<>();
        urls.forEach((name, base) -> asks.put(name, scrape(base.replaceAll("/+$", "") + "/q/metrics")));
        Map<String, Map<String, Double>> components = new HashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        asks.forEach((name, f) -> {
            Object o = f.join();
            if (o instanceof String error) {
                components.put(name, null);
                errors.put(name, error);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Double> series = (Map<String, Double>) o;
                components.put(name, series);
            }
        });
        return new Reading(new CounterHistory.Sample(clock.instant(), components), errors);
    }

    /** The wanted series of one component (a Map), or why not (a String). */
    private CompletableFuture<Object> scrape(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(config.status().timeout()).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture("bad URL " + url);
        }
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(r -> {
                    try (InputStream in = r.body()) {
                        if (r.statusCode() != 200) {
                            return (Object) ("HTTP " + r.statusCode() + " from " + url);
                        }
                        byte[] body = in.readNBytes(MAX_BYTES + 1);
                        if (body.length > MAX_BYTES) {
                            return "metrics of " + url + " over " + MAX_BYTES + " bytes";
                        }
                        return series(PrometheusText.parse(new String(body, StandardCharsets.UTF_8), WANTED));
                    } catch (IOException e) {
                        return "reading " + url + ": " + e.getClass().getSimpleName();
                    }
                })
                .exceptionally(e -> "unreachable: " + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + " at " + url);
    }

    /** Series keys: deliveries.&lt;status&gt;, rejects.&lt;code&gt;, transactions.&lt;result&gt; (summed over other labels). */
    static Map<String, Double> series(List<PrometheusText.Sample> samples) {
        Map<String, Double> out = new TreeMap<>();
        for (PrometheusText.Sample s : samples) {
            String key = switch (s.name()) {
                case DELIVERIES -> "deliveries." + s.labels().getOrDefault("status", "unknown");
                case REJECTS -> "rejects." + s.labels().getOrDefault("code", "unknown");
                case TRANSACTIONS -> "transactions." + s.labels().getOrDefault("result", "unknown");
                default -> null;
            };
            if (key != null && key.length() <= 64) {
                out.merge(key, s.value(), Double::sum);
            }
        }
        return out;
    }
}
