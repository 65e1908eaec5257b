package com.mailplatform.store.delivery;

import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Group commit for Deliver (ARCHITECTURE.md, "Performance principles"): the calls that arrive while a batch commits
 * are committed together in the next transaction, so N concurrent deliveries cost one commit (one WAL flush)
 * instead of N, and a lone call waits for nothing. Each call is answered only after the transaction that holds
 * its deliveries committed, so a DELIVERED answer still means durable. When a batch's transaction fails (a bad
 * delivery, a race on the delivery key with another replica, a deadlock), nothing of it was committed and every
 * call of it is retried in a transaction of its own, so one bad call fails only itself.
 */
@ApplicationScoped
public class DeliveryBatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryBatcher.class);

    private record Call(List<Delivery> deliveries, CompletableFuture<List<DeliveryResult>> answer) {
    }

    private final LocalDelivery delivery;
    private final int maxDeliveries;
    private final int maxInFlight;
    /** Guarded by {@code this}. */
    private final Queue<Call> waiting = new ArrayDeque<>();
    private int inFlight;

    public DeliveryBatcher(LocalDelivery delivery, DeliveryBatchConfig config) {
        this.delivery = delivery;
        this.maxDeliveries = Math.max(1, config.batchMaxDeliveries());
        this.maxInFlight = Math.max(1, config.batchesInFlight());
    }

    /** The results of {@code deliveries}, in order, once they are committed (possibly together with other calls'). */
    public Uni<List<DeliveryResult>> deliver(List<Delivery> deliveries) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<List<DeliveryResult>> answer = new CompletableFuture<>();
            synchronized (this) {
                waiting.add(new Call(List.copyOf(deliveries), answer));
            }
            drain();
            return Uni.createFrom().completionStage(answer);
        });
    }

    private void drain() {
        List<Call> batch = new ArrayList<>();
        synchronized (this) {
            if (inFlight >= maxInFlight || waiting.isEmpty()) {
                return;
            }
            int n = 0;
            // At least one call, however many deliveries it carries; more while they fit.
            while (!waiting.isEmpty() && (batch.isEmpty() || n + waiting.peek().deliveries().size() <= maxDeliveries)) {
                Call c = waiting.poll();
                batch.add(c);
                n += c.deliveries().size();
            }
            inFlight++;
        }
        commit(batch).subscribe().with(x -> done(), e -> done());
    }

    private void done() {
        synchronized (this) {
            inFlight--;
        }
        drain();
    }

    private Uni<Void> commit(List<Call> batch) {
        if (batch.size() == 1) {
            return alone(batch.get(0));
        }
        List<Delivery> all = new ArrayList<>();
        batch.forEach(c -> all.addAll(c.deliveries()));
        return delivery.deliver(all)
                .onItemOrFailure().transformToUni((results, failure) -> {
                    if (failure != null) {
                        LOG.debugf("a batch of %d calls failed (%s); committing each call on its own", batch.size(), failure);
                        return Multi.createFrom().iterable(batch).onItem().transformToUniAndConcatenate(this::alone)
                                .collect().last().replaceWithVoid();
                    }
                    int from = 0;
                    for (Call c : batch) {
                        int to = from + c.deliveries().size();
                        c.answer().complete(List.copyOf(results.subList(from, to)));
                        from = to;
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** One call in its own transaction; its failure is its answer. */
    private Uni<Void> alone(Call call) {
        return delivery.deliver(call.deliveries())
                .onItemOrFailure().invoke((results, failure) -> {
                    if (failure != null) {
                        call.answer().completeExceptionally(failure);
                    } else {
                        call.answer().complete(results);
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
