package com.mailplatform.admin.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Epoch milliseconds of the gRPC contracts to and from ISO-8601 instants of the REST contract. */
final class Times {

    private Times() {
    }

    /** proto3 has no null: 0 means the service did not say. */
    static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }

    /** 0 when absent; a 400 naming the parameter when not ISO-8601 (e.g. 2026-01-31T12:00:00Z). */
    static long millis(String name, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Instant.parse(value.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw com.mailplatform.admin.problem.ProblemException.badRequest(
                    "query parameter '" + name + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
