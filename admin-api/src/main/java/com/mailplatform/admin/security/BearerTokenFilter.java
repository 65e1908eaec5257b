package com.mailplatform.admin.security;

import com.mailplatform.admin.api.ConsoleSignInResource;
import com.mailplatform.admin.problem.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires an authenticated caller (static token or OIDC bearer token) on every JAX-RS request (all of them
 * live under /api). Pre-matching, so an unauthenticated caller learns nothing: not which paths exist, nor how
 * bodies are validated. Which role a call needs is then checked per method ({@code @RolesAllowed}, 403).
 * /q/health, /q/openapi and /q/metrics are not JAX-RS routes and stay open; of the JAX-RS routes, only the console's
 * sign-in ({@link ConsoleSignInResource#PUBLIC_PATHS}, exact paths) is.
 */
public class BearerTokenFilter {

    private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class);
    private static final String CHALLENGE = "Bearer realm=\"admin-api\"";

    private final ApiToken token;
    private final CurrentIdentityAssociation identity;
    private final boolean oidcConfigured;

    public BearerTokenFilter(ApiToken token, CurrentIdentityAssociation identity) {
        this.token = token;
        this.identity = identity;
        var config = ConfigProvider.getConfig();
        this.oidcConfigured = config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).isPresent()
                || config.getOptionalValue("quarkus.oidc.public-key", String.class).isPresent();
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (ConsoleSignInResource.PUBLIC_PATHS.contains(request.getUriInfo().getPath())) {
            return Uni.createFrom().nullItem(); // the console's sign-in itself: it holds no token yet
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return identity.getDeferredIdentity()
                .map(id -> id.isAnonymous() ? refuse(authorization) : null)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("bearer token refused: %s", e.getMessage());
                    return refuse(authorization);
                });
    }

    private Response refuse(String authorization) {
        if (!oidcConfigured && token.check(authorization) == ApiToken.Verdict.NOT_CONFIGURED) {
            return unauthorized("token-not-configured", CHALLENGE,
                    "no API token or OIDC issuer is configured on the server (admin.api-token, quarkus.oidc.*);"
                            + " the API refuses all requests until one is set");
        }
        boolean missing = authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "bearer ", 0, 7) || authorization.substring(7).isBlank();
        if (missing) {
            return unauthorized("unauthorized", CHALLENGE, "an 'Authorization: Bearer <token>' header is required");
        }
        return unauthorized("unauthorized", CHALLENGE + ", error=\"invalid_token\"", "the bearer token is not valid");
    }

    private static Response unauthorized(String kind, String challenge, String detail) {
        return Problem.of(kind, "Unauthorized", 401, detail).toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }
}
