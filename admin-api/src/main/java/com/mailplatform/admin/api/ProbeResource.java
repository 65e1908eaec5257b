package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.probe.ProbeResult;
import com.mailplatform.admin.probe.ProbeTarget;
import com.mailplatform.admin.probe.SmtpProbe;
import com.mailplatform.admin.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "What does that host say": admin-api itself connects (blocking, so on a worker thread: a plain return type). */
@Path("/api/v1/probe")
@Tag(name = "troubleshooting")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Operator role required",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ProbeResource {

    @Inject
    SmtpProbe probe;

    @GET
    @Path("{target}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Connect to HOST[:PORT] (default 25): banner, EHLO capabilities, STARTTLS and the certificate chain,"
            + " like posttls-finger. A host that cannot be reached is a 200 with 'error' set: the probe itself worked.")
    @APIResponse(responseCode = "200", description = "What the host said",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProbeResult.class)))
    public ProbeResult probe(@PathParam("target") String target) {
        ProbeTarget t;
        try {
            t = ProbeTarget.parse(target);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid probe target '" + Validate.shorten(String.valueOf(target)) + "': " + e.getMessage());
        }
        return probe.probe(t);
    }
}
