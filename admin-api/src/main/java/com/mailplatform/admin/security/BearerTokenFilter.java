package com.mailplatform.admin.security;

import com.mailplatform.admin.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires the static bearer token on every JAX-RS request (all of them live under /api). Pre-matching, so an
 * unauthenticated caller learns nothing: not which paths exist, nor how bodies are validated. /q/health,
 * /q/openapi and /q/metrics are not JAX-RS routes and stay open.
 */
public class BearerTokenFilter {

    private static final String CHALLENGE = "Bearer realm=\"admin-api\"";

    private final ApiToken token;

    public BearerTokenFilter(ApiToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        return switch (token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            case OK -> null;
            case NOT_CONFIGURED -> unauthorized("token-not-configured", CHALLENGE,
                    "no API token is configured on the server (admin.api-token); the API refuses all requests until one is set");
            case MISSING -> unauthorized("unauthorized", CHALLENGE,
                    "an 'Authorization: Bearer <token>' header is required");
            case INVALID -> unauthorized("unauthorized", CHALLENGE + ", error=\"invalid_token\"",
                    "the bearer token is not valid");
        };
    }

    private static Response unauthorized(String kind, String challenge, String detail) {
        return Problem.of(kind, "Unauthorized", 401, detail).toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }
}
