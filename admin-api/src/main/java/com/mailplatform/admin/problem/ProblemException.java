package com.mailplatform.admin.problem;

/** Thrown by admin-api's own checks; the mapper turns it into its problem response unchanged. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false); // an expected outcome: no stack trace needed
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of("invalid-request", "Invalid request", 400, detail));
    }
}
