package com.mailplatform.common.io;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Runs protocol lines one at a time even when a client pipelines many in one packet and each handler answers
 * asynchronously (RFC 2920 for SMTP; POP3 and IMAP clients pipeline too). Replies therefore go out in command
 * order. When too many lines wait, the reader is paused until the queue drains (back-pressure, not memory).
 * Not thread-safe: call it from the connection's event loop only.
 */
public final class SerialLineProcessor<L> {

    private final ArrayDeque<L> queue = new ArrayDeque<>();
    private final Function<L, CompletionStage<?>> handler;
    private final Runnable pause;
    private final Runnable resume;
    private final int highWater;
    private boolean running;
    private boolean paused;
    private boolean closed;

    public SerialLineProcessor(Function<L, CompletionStage<?>> handler, Runnable pause, Runnable resume, int highWater) {
        this.handler = handler;
        this.pause = pause;
        this.resume = resume;
        this.highWater = highWater;
    }

    public void submit(L line) {
        if (closed) {
            return;
        }
        queue.add(line);
        if (queue.size() >= highWater && !paused) {
            paused = true;
            pause.run();
        }
        drain();
    }

    /** Drops whatever is queued: used after STARTTLS (RFC 3207 section 4.2) and on close. */
    public void discardPending() {
        queue.clear();
    }

    public void close() {
        closed = true;
        queue.clear();
    }

    public boolean idle() {
        return !running && queue.isEmpty();
    }

    private void drain() {
        while (!running && !closed) {
            L next = queue.poll();
            if (next == null) {
                if (paused) {
                    paused = false;
                    resume.run();
                }
                return;
            }
            running = true;
            CompletionStage<?> stage;
            try {
                stage = handler.apply(next);
            } catch (RuntimeException e) {
                running = false;
                throw e;
            }
            // Handlers that finish at once are looped over, not recursed into: thousands of pipelined
            // commands behind one slow command must not grow the stack.
            if (stage instanceof CompletableFuture<?> f && f.isDone()) {
                running = false;
                continue;
            }
            stage.whenComplete((r, e) -> {
                running = false;
                drain();
            });
            return;
        }
    }
}
