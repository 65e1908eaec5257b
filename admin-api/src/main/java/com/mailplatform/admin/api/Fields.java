package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.ProblemException;

/**
 * Presence checks on request bodies. Identifier syntax is {@link Validate}'s; policy (password length) is
 * mailbox-store's to decide, so it is not repeated here; its INVALID_ARGUMENT descriptions reach the operator as 400s.
 */
final class Fields {

    private Fields() {
    }

    static <T> T body(T body, String expected) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON request body is required: " + expected);
        }
        return body;
    }

    static String required(String field, String value) {
        if (value == null) {
            throw ProblemException.badRequest("field '" + field + "' is required");
        }
        if (value.isBlank()) {
            throw ProblemException.badRequest("field '" + field + "' must not be blank");
        }
        return value;
    }
}
