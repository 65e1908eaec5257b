package com.mailplatform.gateway.session;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The two limits of a POP3 or ManageSieve connection: the idle timeout (RFC 1939 section 3's autologout timer;
 * RFC 5804 gives no number) and, until login succeeds, the login timeout counted from connect, so a connection that
 * keeps talking without logging in is still closed. One Vert.x timer, re-armed for whichever limit comes first; the
 * session calls {@link #touch()} on input and {@link #stop()} when it closes. Runs on the session's event loop.
 */
public final class SessionTimeouts {

    /** Which limit ran out. */
    public enum Expiry {
        IDLE, LOGIN;

        /** For the session's reply or log line. */
        public String text() {
            return this == LOGIN ? "login timeout" : "idle timeout";
        }
    }

    private final Vertx vertx;
    private final Duration idleTimeout;
    private final Duration loginTimeout;
    private final BooleanSupplier loggedIn;
    private final Consumer<Expiry> onExpiry;
    private final long connectedAt = System.nanoTime();
    private long lastActivity = connectedAt;
    private long timer = -1;
    private boolean stopped;

    public SessionTimeouts(Vertx vertx, Duration idleTimeout, Duration loginTimeout, BooleanSupplier loggedIn, Consumer<Expiry> onExpiry) {
        this.vertx = vertx;
        this.idleTimeout = idleTimeout;
        this.loginTimeout = loginTimeout;
        this.loggedIn = loggedIn;
        this.onExpiry = onExpiry;
    }

    /** Arms the first timer; at connect. */
    public void start() {
        arm(Math.min(idleTimeout.toMillis(), loginTimeout.toMillis()));
    }

    /** The client said something. */
    public void touch() {
        lastActivity = System.nanoTime();
    }

    /** The connection is gone: no expiry after this. */
    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void arm(long delayMs) {
        timer = vertx.setTimer(Math.max(1, delayMs), t -> {
            timer = -1;
            if (stopped) {
                return;
            }
            long limit = idleTimeout.toNanos();
            long now = System.nanoTime();
            long idle = now - lastActivity;
            long loginLeft = loggedIn.getAsBoolean() ? Long.MAX_VALUE : loginTimeout.toNanos() - (now - connectedAt);
            if (idle >= limit || loginLeft <= 0) {
                stopped = true;
                onExpiry.accept(loginLeft <= 0 ? Expiry.LOGIN : Expiry.IDLE);
            } else {
                arm(TimeUnit.NANOSECONDS.toMillis(Math.min(limit - idle, loginLeft)) + 1);
            }
        });
    }
}
