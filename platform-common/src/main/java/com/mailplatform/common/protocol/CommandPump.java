package com.mailplatform.common.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one input model of SMTP, IMAP, POP3 and ManageSieve: received bytes go into an {@link InputBuffer}, and the
 * next command is framed from it only when the previous one has finished. So replies go out in command order
 * when a client pipelines (RFC 2920, RFC 9051 section 5.5, RFC 2449 PIPELINING) and handlers answer
 * asynchronously; a limit that changes with the session state (at login) applies to the very next command; and
 * STARTTLS can {@link #clear()} everything that came behind it in plaintext, because none of it has been framed
 * yet (the CVE-2011-0411 class of command injection). When more than {@code highWater} bytes wait, the socket is
 * paused (back-pressure, not memory). Not thread-safe: call it from the connection's event loop only.
 */
public final class CommandPump {

    /** Frames and starts one command from the input; returns null when more bytes are needed. */
    @FunctionalInterface
    public interface Step {
        CompletionStage<?> next(InputBuffer input);
    }

    private final InputBuffer input;
    private final Step step;
    private final Runnable pause;
    private final Runnable resume;
    private final int highWater;
    private boolean busy;
    private boolean paused;
    private boolean held;
    private boolean closed;

    public CommandPump(InputBuffer input, Step step, Runnable pause, Runnable resume, int highWater) {
        this.input = input;
        this.step = step;
        this.pause = pause;
        this.resume = resume;
        this.highWater = highWater;
    }

    public InputBuffer input() {
        return input;
    }

    /** Bytes from the socket. */
    public void received(byte[] data) {
        if (closed) {
            return;
        }
        input.append(data);
        if (input.available() > highWater && !paused) {
            paused = true;
            pause.run();
        }
        drain();
    }

    /** Buffers input without running commands (before the greeting); {@link #release()} starts them. */
    public void hold() {
        held = true;
    }

    public void release() {
        held = false;
        drain();
    }

    /** Drops everything received and not yet framed: STARTTLS (RFC 3207 section 4.2, RFC 2595 section 3.1). */
    public void clear() {
        input.clear();
    }

    public void close() {
        closed = true;
        input.clear();
    }

    public boolean closed() {
        return closed;
    }

    /** Whether a command is being handled (its reply not yet given), e.g. a message waiting for the queue. */
    public boolean busy() {
        return busy;
    }

    /** Runs buffered commands until one goes asynchronous or more bytes are needed. */
    public void drain() {
        while (!busy && !closed && !held) {
            CompletionStage<?> stage = step.next(input);
            if (stage == null) {
                break;
            }
            // Handlers that finish at once are looped over, not recursed into: thousands of pipelined commands
            // behind one slow command must not grow the stack.
            if (stage instanceof CompletableFuture<?> f && f.isDone()) {
                continue;
            }
            busy = true;
            stage.whenComplete((r, e) -> {
                busy = false;
                drain();
            });
        }
        if (paused && input.available() < highWater / 2) {
            paused = false;
            resume.run();
        }
    }
}
