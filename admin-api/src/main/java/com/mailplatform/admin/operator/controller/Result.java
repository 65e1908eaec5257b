package com.mailplatform.admin.operator.controller;

import java.time.Duration;
import java.util.Optional;

/** What a reconcile pass asks for next: nothing (until the next event or resync) or another pass after a delay. */
public record Result(Optional<Duration> requeueAfter) {

    private static final Result DONE = new Result(Optional.empty());

    public static Result done() {
        return DONE;
    }

    public static Result requeueAfter(Duration delay) {
        return new Result(Optional.of(delay));
    }
}
