package com.mailplatform.smtp.milter;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * A socket to one milter: writes packets, hands out the received ones one at a time, each wait bounded by a
 * timeout so a stalled milter cannot hold the SMTP session. SMFIR_PROGRESS restarts the wait (the milter is busy
 * but alive), as in Postfix.
 */
final class MilterConnection {

    private final Vertx vertx;
    private final NetSocket socket;
    private final MilterDecoder decoder = new MilterDecoder();
    private final ArrayDeque<MilterPacket> received = new ArrayDeque<>();
    private CompletableFuture<MilterPacket> waiting;
    private long timer = -1;
    private long timeoutMillis;
    private Throwable failure;

    MilterConnection(Vertx vertx, NetSocket socket) {
        this.vertx = vertx;
        this.socket = socket;
        socket.handler(this::bytes);
        socket.closeHandler(v -> fail(new MilterProtocolException("milter closed the connection")));
        socket.exceptionHandler(this::fail);
    }

    void send(MilterPacket p) {
        socket.write(Buffer.buffer(p.encode()));
    }

    synchronized CompletionStage<MilterPacket> next(Duration timeout) {
        if (!received.isEmpty()) {
            return CompletableFuture.completedFuture(received.poll());
        }
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        waiting = new CompletableFuture<>();
        timeoutMillis = Math.max(1, timeout.toMillis());
        arm();
        return waiting;
    }

    void close() {
        socket.close();
    }

    private void arm() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = vertx.setTimer(timeoutMillis, id -> fail(new TimeoutException("milter did not answer in time")));
    }

    private synchronized void bytes(Buffer b) {
        try {
            for (MilterPacket p : decoder.feed(b.getBytes())) {
                if (p.code() == MilterProtocol.PROGRESS) {
                    if (waiting != null) {
                        arm();
                    }
                    continue;
                }
                received.add(p);
            }
        } catch (MilterProtocolException e) {
            fail(e);
            socket.close();
            return;
        }
        if (waiting != null && !received.isEmpty()) {
            complete().complete(received.poll());
        }
    }

    private synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        if (waiting != null) {
            complete().completeExceptionally(failure);
        }
    }

    private CompletableFuture<MilterPacket> complete() {
        CompletableFuture<MilterPacket> w = waiting;
        waiting = null;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        return w;
    }
}
