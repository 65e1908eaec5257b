package com.mailplatform.delivery.queue;

import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.bounce.Bouncer;
import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.log.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Postfix's qmgr for one attempt: deliver, decide (Settlement), write the DSNs, and make it all durable in one
 * transaction. Used for first attempts (from the broker) and retries (claimed from queue.deferred) alike.
 */
@ApplicationScoped
public class QueueManager {

    /** This replica's name in claimed_by: unique per process, readable in the table. */
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    private final Dispatcher dispatcher;
    private final Bouncer bouncer;
    private final DeferredQueue queue;
    private final Settlement.Policy policy;
    private volatile Runnable wake = () -> { };

    public QueueManager(Dispatcher dispatcher, Bouncer bouncer, DeferredQueue queue, DeliveryConfig config) {
        this.dispatcher = dispatcher;
        this.bouncer = bouncer;
        this.queue = queue;
        this.policy = new Settlement.Policy(config.minimalBackoffTime(), config.maximalBackoffTime(),
                config.maximalQueueLifetime(), config.delayWarningTime());
    }

    public String owner() {
        return owner;
    }

    /** Lets the queue runner be woken when a new entry is due now (a DSN was queued). */
    void onDueNow(Runnable r) {
        wake = r;
    }

    /** A filter quarantined the message: no attempt, every recipient held with the reason (see {@link Hold}). */
    public Uni<Void> hold(Job job, String reason) {
        long now = System.currentTimeMillis();
        List<Outcome> held = Hold.outcomes(job, reason);
        return queue.hold(job, held, now).invoke(() -> MailLog.print(job, held, now));
    }

    public Uni<Void> attempt(Job job) {
        return dispatcher.deliver(job).flatMap(outcomes -> {
            long now = System.currentTimeMillis();
            Settlement s = Settlement.of(job, outcomes, Instant.ofEpochMilli(now), policy);
            return bouncer.reports(job, s)
                    .flatMap(reports -> queue.apply(job, s, reports, owner, now).invoke(() -> {
                        MailLog.print(job, s.log(), now);
                        if (!reports.isEmpty()) {
                            wake.run();
                        }
                    }));
        });
    }
}
