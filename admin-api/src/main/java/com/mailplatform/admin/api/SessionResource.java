package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.security.LocalTokenIssuer;
import com.mailplatform.admin.security.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who the caller is, for the web console: it shows the subject and hides the buttons of calls the roles do not
 * allow (the API still enforces them). Any authenticated caller; no upstream call.
 */
@Path("/api/v1/session")
@Tag(name = "auth")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SessionResource {

    @Schema(name = "Session")
    public record SessionView(String subject,
                              @Schema(description = "admin, operator, viewer: those held, implied ones included") List<String> roles,
                              @Schema(description = "Whether POST /api/v1/tokens works here (the local stack's issuer)") boolean tokenIssuer) {
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    LocalTokenIssuer issuer;

    @GET
    @Authenticated
    @Operation(summary = "The caller's subject and roles")
    public SessionView get() {
        // Only the platform's roles: an OIDC "groups" claim may carry many unrelated groups.
        List<String> roles = Stream.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER).filter(identity::hasRole).toList();
        return new SessionView(identity.getPrincipal().getName(), roles, issuer.enabled());
    }
}
