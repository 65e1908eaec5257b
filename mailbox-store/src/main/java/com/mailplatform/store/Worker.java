package com.mailplatform.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs CPU-heavy work (password hashing) off the event loop and resumes on the caller's Vert.x context, where
 * Hibernate Reactive insists on running.
 */
public final class Worker {

    private Worker() {
    }

    public static <T> Uni<T> offload(Callable<T> work) {
        Context ctx = Vertx.currentContext();
        if (ctx == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return Uni.createFrom().completionStage(() -> ctx.executeBlocking(work, false).toCompletionStage());
    }
}
