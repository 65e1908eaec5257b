package com.mailplatform.delivery.queue;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;

/**
 * Starts work that must outlive the call that asked for it on a new duplicated Vert.x context. Quarkus keeps the
 * current io.grpc.Context in the duplicated context's locals, so work started inside a gRPC method (QueueAdmin's retry
 * or release waking the queue runner) would otherwise make its own gRPC calls under that call's context, and gRPC
 * cancels it the moment the call has answered: every call failed with {@code CANCELLED: io.grpc.Context was cancelled
 * without error} (issue 16). A new duplicated context has empty locals, so its gRPC calls run under the root context.
 */
public final class Detached {

    private Detached() {
    }

    public static void run(Vertx vertx, Runnable work) {
        VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext()).runOnContext(x -> work.run());
    }
}
