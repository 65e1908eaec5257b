package com.mailplatform.delivery.queue;

import com.mailplatform.delivery.DeliveryConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every replica's retry loop (Postfix's deferred queue scan, queue_run_delay): claims due recipients, retries them
 * message by message, repeats while it finds work. Woken early when an entry is due now (a DSN, "retry now").
 */
@ApplicationScoped
public class QueueRunner {

    private static final Logger LOG = Logger.getLogger(QueueRunner.class);
    /** Messages of one claimed batch in flight at once. */
    private static final int PARALLEL = 8;

    private final DeferredQueue queue;
    private final QueueManager manager;
    private final DeliveryConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private long timer = -1;

    public QueueRunner(DeferredQueue queue, QueueManager manager, DeliveryConfig config, Vertx vertx) {
        this.queue = queue;
        this.manager = manager;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent e) {
        if (!config.queueRunner()) {
            return;
        }
        manager.onDueNow(this::wake);
        timer = vertx.setPeriodic(config.queueRunDelay().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Runs a scan now, or right after the one in progress. {@link Detached}: woken from a QueueAdmin gRPC method
     * (retry, release), the scan ran under that call's io.grpc.Context; it was cancelled as soon as the call answered,
     * the attempt's mailbox-store calls failed with CANCELLED, and the entry waited retry-pause plus up to a queue run
     * for the real attempt (issue 16: 5-20 s after "retry now").
     */
    public void wake() {
        if (!config.queueRunner()) {
            return;
        }
        Detached.run(vertx, this::run);
    }

    private void run() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        scan().subscribe().with(found -> {
            running.set(false);
            if (found || again.get()) {
                run();
            }
        }, err -> {
            running.set(false);
            LOG.warnf("queue run failed: %s", err.toString());
        });
    }

    /** One claim and its attempts; true when it found work (there may be more). */
    Uni<Boolean> scan() {
        return queue.claim(manager.owner(), config.queueRunBatch(), config.claimLease())
                .flatMap(jobs -> jobs.isEmpty() ? Uni.createFrom().item(false)
                        : Multi.createFrom().iterable(jobs)
                        .onItem().transformToUni(job -> manager.attempt(job).onFailure().recoverWithUni(err -> {
                            LOG.warnf("%s: retry failed, giving the entry back: %s", job.queueId(), err.toString());
                            return queue.release(job, manager.owner(), config.retryPause());
                        })).merge(PARALLEL)
                        .collect().last().replaceWith(true));
    }
}
