package com.mailplatform.delivery.metrics;

import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.queue.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Deliveries as the mail log tells them (one per recipient and attempt): {@code mail_deliveries_total} by
 * transport (local: mailbox-store, smtp: a remote MTA), status (sent, deferred, bounced, held) and the DSN's class
 * (2, 4, 5: RFC 3463 section 3.1), and the delay from receipt to outcome (Postfix's delay=) as a histogram.
 */
@jakarta.inject.Singleton
public class DeliveryMetrics {

    /** From a local delivery (tens of ms) to a message that waited a day in the deferred queue. */
    static final Duration[] DELAY_BUCKETS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1)};

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The outcomes of one attempt, as {@code MailLog.print} logs them, {@code now} being the log's time. */
    public void outcomes(Job job, List<Outcome> outcomes, long now) {
        long delay = Math.max(0, now - job.receivedAtMillis());
        for (Outcome o : outcomes) {
            String transport = transport(o.relay());
            String status = o.status().word();
            registry.counter("mail.deliveries", "transport", transport, "status", status, "dsn_class", dsnClass(o.dsn()))
                    .increment();
            Timer.builder("mail.delivery.delay").tag("transport", transport).tag("status", status)
                    .description("Time from receipt to this outcome (Postfix's delay=)")
                    .serviceLevelObjectives(DELAY_BUCKETS).register(registry)
                    .record(delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The relay of a local delivery is "local" (LocalDeliveryAgent); anything else went over SMTP (or nowhere yet). */
    static String transport(String relay) {
        return "local".equals(relay) ? "local" : "smtp";
    }

    static String dsnClass(String dsn) {
        char c = dsn == null || dsn.isEmpty() ? '?' : dsn.charAt(0);
        return c == '2' || c == '4' || c == '5' ? String.valueOf(c) : "other";
    }
}
