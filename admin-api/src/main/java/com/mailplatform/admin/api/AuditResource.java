package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/audit")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Admin role required",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AuditResource {

    @Inject
    AuditLog audit;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Every change made through the API, newest first: who, what, when, before and after")
    public Uni<AuditLog.Page> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
                                   @QueryParam("target") String target,
                                   @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.parse(offset, limit);
        return audit.list(actor, action, target, paging.offset(), paging.limit());
    }
}
