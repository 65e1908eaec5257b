package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.ProblemException;

/** offset/limit of a list request. Parsed from strings so a bad value is a 400 naming the parameter, not JAX-RS's 404. */
public record Paging(int offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public static Paging parse(String offset, String limit) {
        int o = parse("offset", offset, 0);
        int l = parse("limit", limit, DEFAULT_LIMIT);
        if (o < 0) {
            throw ProblemException.badRequest("query parameter 'offset' must be 0 or more, got " + o);
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw ProblemException.badRequest("query parameter 'limit' must be between 1 and " + MAX_LIMIT + ", got " + l);
        }
        return new Paging(o, l);
    }

    private static int parse(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            // Echo at most a short prefix: the value is caller-controlled.
            String shown = value.length() > 20 ? value.substring(0, 20) + "..." : value;
            throw ProblemException.badRequest("query parameter '" + name + "' must be an integer, got '" + shown + "'");
        }
    }
}
