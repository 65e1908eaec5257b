package com.mailplatform.admin.operator.store;

/** A successful pass: the Ready reason and message, and whether it changed the store (worth an Event). */
public record Outcome(String reason, String message, boolean changed) {

    public static Outcome changed(String reason, String message) {
        return new Outcome(reason, message, true);
    }

    public static Outcome unchanged(String reason, String message) {
        return new Outcome(reason, message, false);
    }
}
