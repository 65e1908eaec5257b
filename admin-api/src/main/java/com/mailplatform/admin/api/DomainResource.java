package com.mailplatform.admin.api;

import com.mailplatform.admin.api.Dtos.DomainCreate;
import com.mailplatform.admin.api.Dtos.DomainPage;
import com.mailplatform.admin.api.Dtos.DomainView;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDomainRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.PageRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/domains")
@Tag(name = "domains")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "mailbox-store unavailable",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DomainResource {

    @GrpcClient("mailbox-store")
    MailboxAdmin store;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a domain")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainView.class)))
    @APIResponse(responseCode = "400", description = "Invalid name", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Domain exists", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<DomainView>> create(DomainCreate body, @Context UriInfo uri) {
        String name = Validate.domain("name", Fields.required("name", Fields.body(body, "{\"name\": \"example.test\"}").name()));
        return store.createDomain(CreateDomainRequest.newBuilder().setName(name).build())
                .call(d -> audit.record(identity, "domain.create", d.getName(), null, DomainView.of(d)))
                .map(d -> RestResponse.ResponseBuilder
                        .<DomainView>created(uri.getAbsolutePathBuilder().path("{name}").build(d.getName()))
                        .entity(DomainView.of(d))
                        .build());
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List domains, ordered by name")
    @APIResponse(responseCode = "200", description = "A page of domains")
    @APIResponse(responseCode = "400", description = "Invalid offset or limit", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<DomainPage> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.parse(offset, limit);
        return store.listDomains(PageRequest.newBuilder().setOffset(paging.offset()).setLimit(paging.limit()).build())
                .map(page -> new DomainPage(page.getItemsList().stream().map(DomainView::of).toList(),
                        page.getTotal(), paging.offset(), paging.limit()));
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a domain that has no accounts left")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such domain", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The domain still has accounts", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<Void>> delete(@PathParam("name") String name) {
        return store.deleteDomain(DeleteDomainRequest.newBuilder().setName(name).build())
                .map(deleted -> {
                    if (!deleted.getDeleted()) {
                        throw Status.NOT_FOUND.withDescription("domain " + name + " does not exist").asRuntimeException();
                    }
                    return RestResponse.<Void>noContent();
                })
                .call(x -> audit.record(identity, "domain.delete", name, java.util.Map.of("name", name), null));
    }

    @Inject
    Quotas quotas;

    @GET
    @Path("{name}/usage")
    @RolesAllowed(Roles.VIEWER)
    @Tag(name = "quotas")
    @Operation(summary = "A domain's default quota and the usage of its accounts")
    @APIResponse(responseCode = "404", description = "No such domain", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Quotas.DomainUsageView> usage(@PathParam("name") String name) {
        return quotas.domainUsage(name);
    }

    @PUT
    @Path("{name}/quota")
    @RolesAllowed(Roles.ADMIN)
    @Tag(name = "quotas")
    @Operation(summary = "Set a domain's default quota for accounts without their own, in bytes (0 = no limit)")
    @APIResponse(responseCode = "404", description = "No such domain", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Quotas.DomainUsageView> setQuota(@PathParam("name") String name, Quotas.DomainQuota body) {
        return quotas.setDomainQuota(name, body);
    }
}
