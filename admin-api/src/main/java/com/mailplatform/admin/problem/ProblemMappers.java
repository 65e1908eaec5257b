package com.mailplatform.admin.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into an RFC 9457 problem, so clients see one error shape.
 * Nothing internal (stack traces, class names, gRPC internals) reaches the client; 5xx are logged here instead.
 */
public class ProblemMappers {

    static final String STORE = "mailbox-store";
    static final int MAX_DETAIL = 300;
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    /** A caller without the role a method needs (see security.Roles). */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return Problem.of("forbidden", "Forbidden", 403, "your token's role does not allow this operation").toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return Problem.of("unauthorized", "Unauthorized", 401, "an 'Authorization: Bearer <token>' header is required")
                .toResponseBuilder().header("WWW-Authenticate", "Bearer realm=\"admin-api\"").build();
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.AuthenticationFailedException e) {
        return Problem.of("unauthorized", "Unauthorized", 401, "the bearer token is not valid")
                .toResponseBuilder().header("WWW-Authenticate", "Bearer realm=\"admin-api\", error=\"invalid_token\"").build();
    }

    @ServerExceptionMapper
    public Response grpc(StatusRuntimeException e) {
        return fromStatus(e.getStatus()).toResponse();
    }

    @ServerExceptionMapper
    public Response grpc(StatusException e) {
        return fromStatus(e.getStatus()).toResponse();
    }

    /** The store's descriptions are written for operators (see MailboxAdmin in mailbox.proto), so they are passed on. */
    static Problem fromStatus(Status status) {
        String description = bounded(status.getDescription());
        return switch (status.getCode()) {
            case INVALID_ARGUMENT -> Problem.of("invalid-request", "Invalid request", 400,
                    orElse(description, "the request was rejected by " + STORE));
            case NOT_FOUND -> Problem.of("not-found", "Not found", 404, orElse(description, "not found"));
            case ALREADY_EXISTS -> Problem.of("already-exists", "Already exists", 409, orElse(description, "already exists"));
            case FAILED_PRECONDITION -> Problem.of("conflict", "Conflict", 409,
                    orElse(description, "the current state does not allow this operation"));
            case UNAVAILABLE, DEADLINE_EXCEEDED -> {
                LOG.warnf("%s call failed: %s %s", STORE, status.getCode(), orElse(description, ""));
                yield Problem.of("store-unavailable", "Service unavailable", 503,
                        STORE + " unavailable; try again later");
            }
            default -> {
                LOG.errorf(status.getCause(), "%s call failed: %s %s", STORE, status.getCode(), orElse(description, ""));
                yield internal();
            }
        };
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e) {
        var location = e.getLocation();
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        String message = e.getOriginalMessage();
        // Jackson's "Duplicate field 'x'" (see StrictJson); its other messages name Java types, so they stay out.
        String what = message != null && message.startsWith("Duplicate field") ? ": " + bounded("d" + message.substring(1)) : "";
        return ProblemException.badRequest("request body is not valid JSON" + what + where).problem().toResponse();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return ProblemException.badRequest(describe(e)).problem().toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            return ProblemException.badRequest(describe(m)).problem().toResponse();
        }
        return ProblemException.badRequest("request body is not valid JSON").problem().toResponse();
    }

    /** Names the offending field from Jackson's path, without Jackson's message (it names Java types). */
    static String describe(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (field.isEmpty()) {
            return "request body must be a JSON object";
        }
        return "field '" + field + "' has the wrong type";
    }

    /**
     * JAX-RS's own outcomes (404 no such path, 405, 415, 406) keep their status and headers (e.g. Allow),
     * but get a problem body. A reader failure arrives wrapped; it is unwrapped to name the field.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonParseException p) {
            return malformed(p);
        }
        if (e.getCause() instanceof JsonMappingException m) {
            return ProblemException.badRequest(describe(m)).problem().toResponse();
        }
        if (e.getCause() instanceof JsonProcessingException j) { // e.g. nesting or number length over Jackson's limits
            return json(j);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return internal().toResponse();
        }
        Response.ResponseBuilder builder = ofStatus(status).toResponseBuilder();
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    /** The problem for an HTTP status that JAX-RS or the HTTP server chose (4xx; anything else is an internal error). */
    static Problem ofStatus(int status) {
        if (status < 400 || status >= 500) {
            return internal();
        }
        Response.StatusType info = Response.Status.fromStatusCode(status);
        String title = info != null ? info.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "no resource at this path";
            case 405 -> "method not allowed on this resource";
            case 406 -> "this resource answers in application/json only";
            case 413 -> "the request body is larger than this server accepts";
            case 414 -> "the request URI is longer than this server accepts";
            case 415 -> "the request body must be application/json";
            default -> title;
        };
        return Problem.of(slug(title), title, status, detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure while serving a request", e);
        return internal().toResponse();
    }

    static Problem internal() {
        return Problem.of("internal-error", "Internal server error", 500,
                "the request failed on the server; the cause is in admin-api's log");
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** A store's description may quote what the client sent; a problem never carries more than a short prefix of it. */
    static String bounded(String value) {
        return value == null || value.length() <= MAX_DETAIL ? value : value.substring(0, MAX_DETAIL) + "...";
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
