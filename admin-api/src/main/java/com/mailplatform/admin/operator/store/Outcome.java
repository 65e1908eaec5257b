package com.mailplatform.admin.operator.store;

import java.util.Optional;

/**
 * A successful pass: the steady Ready message (the same on every pass, so status does not flap between
 * "created" and "present"), and an Event when this pass changed the store.
 */
public record Outcome(String readyMessage, Optional<Change> change) {

    /** What this pass did, as an Event reason and message. */
    public record Change(String reason, String message) {
    }

    public static Outcome unchanged(String readyMessage) {
        return new Outcome(readyMessage, Optional.empty());
    }

    public static Outcome changed(String readyMessage, String reason, String message) {
        return new Outcome(readyMessage, Optional.of(new Change(reason, message)));
    }
}
