package com.mailplatform.mailctl;

/** An answer other than 2xx, or no answer; carries the exit code it maps to and a message for humans. */
public class ApiException extends RuntimeException {

    private final int exitCode;

    public ApiException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
