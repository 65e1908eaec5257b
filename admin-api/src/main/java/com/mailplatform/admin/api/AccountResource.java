package com.mailplatform.admin.api;

import com.mailplatform.admin.api.Dtos.AccountCreate;
import com.mailplatform.admin.api.Dtos.AccountPage;
import com.mailplatform.admin.api.Dtos.AccountView;
import com.mailplatform.admin.api.Dtos.PasswordChange;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.DeleteAccountRequest;
import com.mailplatform.common.grpc.mailbox.GetAccountRequest;
import com.mailplatform.common.grpc.mailbox.ListAccountsRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.SetPasswordRequest;
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

@Path("/api/v1/accounts")
@Tag(name = "accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "mailbox-store unavailable",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AccountResource {

    @GrpcClient("mailbox-store")
    MailboxAdmin store;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an account in an existing domain")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "Invalid address, password or quota", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The domain does not exist", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Account exists", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<AccountView>> create(AccountCreate body, @Context UriInfo uri) {
        Fields.body(body, "{\"address\": \"demo@example.test\", \"password\": \"...\", \"quotaBytes\": 0}");
        String address = Validate.address("address", Fields.required("address", body.address()));
        Credential credential = Credential.of(body.password(), body.passwordHash());
        long quota = body.quotaBytes() == null ? 0 : body.quotaBytes();
        if (quota < 0) {
            throw ProblemException.badRequest("field 'quotaBytes' must be 0 or more (0 means the default quota)");
        }
        return store.createAccount(CreateAccountRequest.newBuilder()
                        .setAddress(address).setPassword(credential.password()).setPasswordHash(credential.hash()).setQuotaBytes(quota).build())
                .call(a -> audit.record(identity, "account.create", a.getAddress(), null, AccountView.of(a)))
                .map(a -> RestResponse.ResponseBuilder
                        .<AccountView>created(uri.getAbsolutePathBuilder().path("{address}").build(a.getAddress()))
                        .entity(AccountView.of(a))
                        .build());
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List accounts, of one domain or of all, by address or (order=usage) most used first")
    @APIResponse(responseCode = "200", description = "A page of accounts")
    @APIResponse(responseCode = "400", description = "Invalid offset or limit", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<AccountPage> list(@QueryParam("domain") String domain,
                                 @QueryParam("order") String order,
                                 @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.parse(offset, limit);
        String o = Validate.optionalWord("order", order, java.util.List.of("address", "usage"));
        return store.listAccounts(ListAccountsRequest.newBuilder()
                        .setDomain(domain == null ? "" : domain.trim()).setOrder(o)
                        .setOffset(paging.offset()).setLimit(paging.limit()).build())
                .map(page -> new AccountPage(page.getItemsList().stream().map(AccountView::of).toList(),
                        page.getTotal(), paging.offset(), paging.limit()));
    }

    @GET
    @Path("{address}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Get one account")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<AccountView> get(@PathParam("address") String address) {
        return store.getAccount(GetAccountRequest.newBuilder().setAddress(address).build()).map(AccountView::of);
    }

    @DELETE
    @Path("{address}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete an account with its mailboxes and messages")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<Void>> delete(@PathParam("address") String address) {
        // The state before is recorded (quota, usage); the account's mail goes with it (ON DELETE CASCADE in the store).
        return get(address).flatMap(before -> store.deleteAccount(DeleteAccountRequest.newBuilder().setAddress(address).build())
                .map(deleted -> {
                    if (!deleted.getDeleted()) {
                        throw Status.NOT_FOUND.withDescription("account " + address + " does not exist").asRuntimeException();
                    }
                    return RestResponse.<Void>noContent();
                })
                .call(x -> audit.record(identity, "account.delete", before.address(), before, null)));
    }

    @PUT
    @Path("{address}/password")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Set an account's password")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "Password rejected", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<AccountView> setPassword(@PathParam("address") String address, PasswordChange body) {
        PasswordChange change = Fields.body(body, "{\"password\": \"...\"} or {\"passwordHash\": \"{SHA512-CRYPT}$6$...\"}");
        Credential credential = Credential.of(change.password(), change.passwordHash());
        // Passwords never reach the audit log: before/after show the account, the action says what changed.
        return get(address).flatMap(before -> store.setPassword(SetPasswordRequest.newBuilder().setAddress(address)
                        .setPassword(credential.password()).setPasswordHash(credential.hash()).build())
                .map(AccountView::of)
                .call(after -> audit.record(identity, "account.password", after.address(), before, after)));
    }

    @Inject
    Quotas quotas;

    @GET
    @Path("{address}/usage")
    @RolesAllowed(Roles.VIEWER)
    @Tag(name = "quotas")
    @Operation(summary = "An account's quota (own and effective), bytes used, messages, and whether it is disabled")
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Quotas.AccountUsageView> usage(@PathParam("address") String address) {
        return quotas.usage(address);
    }

    @PUT
    @Path("{address}/quota")
    @RolesAllowed(Roles.ADMIN)
    @Tag(name = "quotas")
    @Operation(summary = "Set an account's quota in bytes (0 = its domain's default quota)")
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Quotas.AccountUsageView> setQuota(@PathParam("address") String address, Quotas.AccountQuota body) {
        return quotas.setAccountQuota(address, body);
    }

    @PUT
    @Path("{address}/disabled")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Disable or enable an account: disabled, it can neither log in nor receive mail, and keeps its mail")
    @APIResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Quotas.AccountUsageView> setDisabled(@PathParam("address") String address, Quotas.AccountDisabled body) {
        return quotas.setDisabled(address, body);
    }
}
