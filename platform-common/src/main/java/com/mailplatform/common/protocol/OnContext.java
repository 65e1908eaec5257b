package com.mailplatform.common.protocol;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A store (gRPC) or filter call whose outcome comes back on the connection's event loop, where all session state
 * lives, so no session field needs a lock; with a time limit, so one stuck call cannot hold a pipelined session
 * for ever. Every protocol session calls out through this.
 */
public final class OnContext {

    private final Executor executor;

    public OnContext(Context context) {
        this.executor = task -> context.runOnContext(v -> task.run());
    }

    /** The executor that runs on the connection's event loop (for Multi streams). */
    public Executor executor() {
        return executor;
    }

    public <T> CompletionStage<T> call(Uni<T> uni) {
        return uni.emitOn(executor).subscribeAsCompletionStage();
    }

    /** As {@link #call(Uni)}, failing with a TimeoutException after {@code timeout}. */
    public <T> CompletionStage<T> call(Uni<T> uni, Duration timeout) {
        return call(uni.ifNoItem().after(timeout).fail());
    }
}
