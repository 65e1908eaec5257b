package com.mailplatform.common.protocol;

import io.vertx.core.net.NetSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Back-pressure on what a session writes: a long reply (a message body) goes on only as fast as the client reads. */
public final class WriteQueue {

    private WriteQueue() {
    }

    /** Completes when the socket's write queue has room (at once unless it is full). */
    public static CompletionStage<Void> drained(NetSocket socket) {
        if (!socket.writeQueueFull()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        socket.drainHandler(v -> {
            socket.drainHandler(null);
            done.complete(null);
        });
        return done;
    }
}
