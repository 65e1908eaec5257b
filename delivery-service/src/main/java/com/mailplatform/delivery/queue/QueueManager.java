package com.mailplatform.delivery.queue;

import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.bounce.Bouncer;
import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.QueueLog;
import com.mailplatform.delivery.metrics.DeliveryMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
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
    private final Duration settlementRetryTime;
    private final Duration retryPause;
    private volatile Runnable wake = () -> { };
    @Inject
    DeliveryMetrics metrics;

    public QueueManager(Dispatcher dispatcher, Bouncer bouncer, DeferredQueue queue, DeliveryConfig config) {
        this.dispatcher = dispatcher;
        this.bouncer = bouncer;
        this.queue = queue;
        this.policy = new Settlement.Policy(config.minimalBackoffTime(), config.maximalBackoffTime(),
                config.maximalQueueLifetime(), config.delayWarningTime());
        this.settlementRetryTime = config.settlementRetryTime();
        this.retryPause = config.retryPause();
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
        return queue.hold(job, held, now).invoke(() -> MailLog.print(job, held, now)).invoke(() -> metrics.outcomes(job, held, now));
    }

    public Uni<Void> attempt(Job job) {
        return dispatcher.deliver(job).flatMap(outcomes -> {
            long now = System.currentTimeMillis();
            Settlement s = Settlement.of(job, outcomes, Instant.ofEpochMilli(now), policy);
            return bouncer.reports(job, s)
                    .flatMap(reports -> durably(job, () -> queue.apply(job, s, reports, owner, now),
                            System.nanoTime() + settlementRetryTime.toNanos()).invoke(() -> {
                        MailLog.print(job, s.log(), now);
                        QueueLog.settled(job, !s.deferrals().isEmpty(), reports);
                        metrics.outcomes(job, s.log(), now);
                        if (!reports.isEmpty()) {
                            wake.run();
                        }
                    }));
        });
    }

    /**
     * Writes a first attempt's settlement, retrying while PostgreSQL is away (up to delivery.settlement-retry-time)
     * instead of handing the message back: the deliveries are done, and a redelivered message would send the
     * remote ones again (the chaos test caught exactly that when PostgreSQL was killed between a remote 250 and
     * this write). Before each retry it asks whether the failed try committed after all (its answer lost with the
     * connection): the settlement is one transaction, so either every recipient is settled or none is, and it is
     * never written twice. Retries from queue.deferred are not retried here: their claim lease runs out instead.
     * The window left is this process dying before the write, which no sender can close (RFC 5321 section 6.1).
     */
    private Uni<Void> durably(Job job, Supplier<Uni<Void>> write, long deadline) {
        if (job.fromQueue()) {
            return write.get();
        }
        return write.get().onFailure().recoverWithUni(e -> {
            if (System.nanoTime() >= deadline) {
                return Uni.createFrom().failure(e);
            }
            Set<String> all = new HashSet<>();
            job.recipients().forEach(r -> all.add(r.address().toLowerCase(Locale.ROOT)));
            return Uni.createFrom().voidItem().onItem().delayIt().by(pause())
                    .flatMap(x -> queue.settledRecipients(job.queueId()))
                    .flatMap(settled -> settled.containsAll(all) ? Uni.createFrom().voidItem() : durably(job, write, deadline))
                    .onFailure().recoverWithUni(again -> System.nanoTime() >= deadline ? Uni.createFrom().failure(again) : durably(job, write, deadline));
        });
    }

    private Duration pause() {
        return retryPause.compareTo(Duration.ofSeconds(1)) < 0 ? retryPause : Duration.ofSeconds(1);
    }
}
