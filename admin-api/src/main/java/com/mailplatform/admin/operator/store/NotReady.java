package com.mailplatform.admin.operator.store;

import java.time.Duration;
import java.util.Optional;

/**
 * The object cannot be made ready now for a reason the user can act on (Secret missing, domain unknown, spec
 * invalid): reported as Ready=False with this reason, retried after {@code retryAfter} if present, otherwise on
 * the next change or resync.
 */
public final class NotReady extends Exception {

    private final String reason;
    private final transient Optional<Duration> retryAfter;

    public NotReady(String reason, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfter = Optional.ofNullable(retryAfter);
    }

    public String reason() {
        return reason;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
