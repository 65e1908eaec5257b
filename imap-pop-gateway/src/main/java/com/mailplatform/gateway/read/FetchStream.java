package com.mailplatform.gateway.read;

import com.mailplatform.common.grpc.mailbox.FetchedPart;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Consumes a FetchMessages stream on the session's event loop, one part at a time: the next part is asked for only
 * when the handler's stage completes (so a client that reads slowly slows the store down instead of filling the
 * gateway's memory). The store must answer every request within {@code timeout}; the time the client takes to read
 * does not count.
 */
public final class FetchStream implements MultiSubscriber<FetchedPart> {

    private final Vertx vertx;
    private final Executor eventLoop;
    private final long timeoutMillis;
    private final Function<FetchedPart, CompletionStage<Void>> handler;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long timer = -1;

    private FetchStream(Vertx vertx, Executor eventLoop, Duration timeout, Function<FetchedPart, CompletionStage<Void>> handler) {
        this.vertx = vertx;
        this.eventLoop = eventLoop;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.handler = handler;
    }

    /** Completes when the stream ended and the handler finished with its last part; fails as the stream or handler does. */
    public static CompletionStage<Void> consume(Multi<FetchedPart> parts, Executor eventLoop, Vertx vertx, Duration timeout,
                                                Function<FetchedPart, CompletionStage<Void>> handler) {
        FetchStream s = new FetchStream(vertx, eventLoop, timeout, handler);
        parts.emitOn(eventLoop).subscribe().withSubscriber(s);
        return s.done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        // onSubscribe may run off the event loop; the first request arms its timer where the items will come
        eventLoop.execute(this::requestNext);
    }

    private void requestNext() {
        if (done.isDone()) {
            return;
        }
        timer = vertx.setTimer(timeoutMillis, t -> {
            timer = -1;
            subscription.cancel();
            fail(Status.DEADLINE_EXCEEDED.withDescription("store did not answer within " + timeoutMillis + " ms").asRuntimeException());
        });
        subscription.request(1);
    }

    @Override
    public void onItem(FetchedPart part) {
        cancelTimer();
        if (done.isDone()) {
            return;
        }
        CompletionStage<Void> handled;
        try {
            handled = handler.apply(part);
        } catch (RuntimeException e) {
            subscription.cancel();
            fail(e);
            return;
        }
        handled.whenComplete((v, e) -> {
            if (e != null) {
                subscription.cancel();
                fail(e);
            } else {
                requestNext();
            }
        });
    }

    @Override
    public void onFailure(Throwable failure) {
        cancelTimer();
        fail(failure);
    }

    @Override
    public void onCompletion() {
        cancelTimer();
        done.complete(null);
    }

    private void fail(Throwable e) {
        done.completeExceptionally(e);
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
