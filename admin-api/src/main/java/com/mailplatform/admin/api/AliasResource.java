package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.common.grpc.mailbox.Alias;
import com.mailplatform.common.grpc.mailbox.DeleteAliasRequest;
import com.mailplatform.common.grpc.mailbox.ExpandRequest;
import com.mailplatform.common.grpc.mailbox.ListAliasesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAliases;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Aliases and forwards (Postfix virtual_alias_maps), stored and expanded by mailbox-store. */
@Path("/api/v1/aliases")
@Tag(name = "aliases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AliasResource {

    @Schema(name = "AliasCreate")
    public record AliasCreate(
            @Schema(required = true, description = "local@domain, or @domain for the domain's catch-all", examples = "sales@example.test")
            String address,
            @Schema(required = true, description = "Accounts, other aliases or remote addresses; list the alias itself to keep a copy (a forward)")
            List<String> targets) {
    }

    @Schema(name = "Alias")
    public record AliasView(String address, List<String> targets, Instant createdAt) {
        static AliasView of(Alias a) {
            return new AliasView(a.getAddress(), a.getTargetsList(), a.getCreatedMillis() == 0 ? null : Instant.ofEpochMilli(a.getCreatedMillis()));
        }
    }

    @Schema(name = "AliasPage")
    public record AliasPage(List<AliasView> items, long total, int offset, int limit) {
    }

    @Schema(name = "Expansion")
    public record Expansion(String address, List<String> recipients) {
    }

    @GrpcClient("mailbox-store")
    MailboxAliases aliases;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an alias, a forward or a catch-all")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AliasView.class)))
    @APIResponse(responseCode = "400", description = "Invalid address or target", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The domain does not exist", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The alias exists", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<AliasView>> create(AliasCreate body, @Context UriInfo uri) {
        Fields.body(body, "{\"address\": \"sales@example.test\", \"targets\": [\"demo@example.test\"]}");
        String address = Fields.required("address", body.address());
        if (body.targets() == null || body.targets().isEmpty()) {
            throw com.mailplatform.admin.problem.ProblemException.badRequest("field 'targets' must list at least one address");
        }
        Validate.aliasAddress(address);
        body.targets().forEach(t -> Validate.address("targets", t));
        return aliases.createAlias(Alias.newBuilder().setAddress(address).addAllTargets(body.targets()).build())
                .map(AliasView::of)
                .call(a -> audit.record(identity, "alias.create", a.address(), null, a))
                .map(a -> RestResponse.ResponseBuilder.<AliasView>created(uri.getAbsolutePathBuilder().path("{a}").build(a.address()))
                        .entity(a).build());
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List aliases, of one domain or of all, ordered by domain and name")
    @APIResponse(responseCode = "200", description = "A page of aliases")
    public Uni<AliasPage> list(@QueryParam("domain") String domain, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.parse(offset, limit);
        String d = Validate.optionalDomain("domain", domain);
        return aliases.listAliases(ListAliasesRequest.newBuilder().setDomain(d).setOffset(paging.offset()).setLimit(paging.limit()).build())
                .map(p -> new AliasPage(p.getItemsList().stream().map(AliasView::of).toList(), p.getTotal(), paging.offset(), paging.limit()));
    }

    @GET
    @Path("{address}/expansion")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The final recipients an address expands to, as delivery expands it (loops cut)")
    public Uni<Expansion> expand(@PathParam("address") String address) {
        Validate.address("address", address);
        return aliases.expand(ExpandRequest.newBuilder().setAddress(address).build())
                .map(r -> new Expansion(address, r.getRecipientsList()));
    }

    @DELETE
    @Path("{address}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete an alias or a catch-all (@domain)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such alias", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<Void>> delete(@PathParam("address") String address) {
        Validate.aliasAddress(address);
        return aliases.deleteAlias(DeleteAliasRequest.newBuilder().setAddress(address).build())
                .call(x -> audit.record(identity, "alias.delete", address, new Expansion(address, List.of()), null))
                .map(x -> RestResponse.noContent());
    }
}
