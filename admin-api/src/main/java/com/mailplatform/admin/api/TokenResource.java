package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.LocalTokenIssuer;
import com.mailplatform.admin.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The local stack's token issuer (disabled, 404, unless admin.token-issuer.private-key-location is set). */
@Path("/api/v1/tokens")
@Tag(name = "auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "403", description = "Admin role required",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TokenResource {

    static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER);

    @Schema(name = "TokenRequest")
    public record TokenRequest(@Schema(required = true, examples = "alice") String subject,
                               @Schema(required = true, examples = "[\"viewer\"]") List<String> roles,
                               @Schema(description = "Seconds; capped by admin.token-issuer.max-lifetime") Long ttlSeconds) {
    }

    @Inject
    LocalTokenIssuer issuer;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @POST
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Issue a signed JWT for a subject with roles (local stack only)")
    public Uni<LocalTokenIssuer.Issued> issue(TokenRequest body) throws Exception {
        if (!issuer.enabled()) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404,
                    "the built-in token issuer is disabled here; get a token from the OIDC issuer"));
        }
        Fields.body(body, "{\"subject\": \"alice\", \"roles\": [\"viewer\"]}");
        String subject = Fields.required("subject", body.subject());
        if (!subject.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw ProblemException.badRequest("field 'subject' must be 1..64 of letters, digits, '.', '_', '@' and '-'");
        }
        if (body.roles() == null || body.roles().isEmpty() || !ROLES.containsAll(body.roles())) {
            throw ProblemException.badRequest("field 'roles' must list one or more of admin, operator, viewer");
        }
        long ttl = body.ttlSeconds() == null ? 0 : body.ttlSeconds();
        if (ttl < 0) {
            throw ProblemException.badRequest("field 'ttlSeconds' must be positive");
        }
        LocalTokenIssuer.Issued issued = issuer.issue(subject, new LinkedHashSet<>(body.roles()), Duration.ofSeconds(ttl));
        return audit.record(identity, "token.issue", subject, null,
                        Map.of("subject", subject, "roles", issued.roles(), "expiresInSeconds", issued.expiresInSeconds()))
                .replaceWith(issued);
    }
}
