package com.mailplatform.mailctl;

/**
 * What mailctl's exit status means, so scripts can branch without parsing text (README "Exit codes").
 * Like sysexits(3) in spirit: distinct codes for "you asked wrongly", "it is not there", "you may not", "the
 * platform is down" and "the answer is bad".
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Anything unexpected (a bug, an unreadable answer). */
    public static final int FAILURE = 1;
    /** Wrong command line (picocli's own usage errors). */
    public static final int USAGE = 2;
    /** The API refused the request as invalid (HTTP 400). */
    public static final int INVALID = 3;
    /** No such domain, account, alias or queue entry (HTTP 404). */
    public static final int NOT_FOUND = 4;
    /** Already exists, or the current state forbids it (HTTP 409). */
    public static final int CONFLICT = 5;
    /** No token, a bad token (401) or a role that does not allow it (403). */
    public static final int AUTH = 6;
    /** admin-api unreachable, or a service behind it unavailable (HTTP 503, connection refused). */
    public static final int UNAVAILABLE = 7;
    /** The command worked and the answer is bad: status not UP, probe could not talk to the host. */
    public static final int UNHEALTHY = 8;

    private ExitCodes() {
    }

    public static int forHttpStatus(int status) {
        return switch (status) {
            case 400, 413, 415, 422 -> INVALID;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 401, 403 -> AUTH;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> FAILURE;
        };
    }
}
