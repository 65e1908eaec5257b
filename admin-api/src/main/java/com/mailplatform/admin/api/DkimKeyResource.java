package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.common.grpc.mailbox.CreateDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.DkimKey;
import com.mailplatform.common.grpc.mailbox.ListDkimKeysRequest;
import com.mailplatform.common.grpc.mailbox.MailboxDkim;
import com.mailplatform.common.grpc.mailbox.RotateDkimKeyRequest;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * DKIM signing keys of a domain (RFC 6376, RFC 8463), kept by mailbox-store and used by delivery-service to sign
 * outbound mail. Private keys never leave mailbox-store through this API; what an operator needs is the TXT record
 * to publish. Selector syntax is mailbox-store's to check (its INVALID_ARGUMENT becomes a 400).
 */
@Path("/api/v1/domains/{domain}/dkim-keys")
@Tag(name = "dkim")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DkimKeyResource {

    static final Set<String> ALGORITHMS = Set.of("rsa-sha256", "ed25519-sha256");

    @Schema(name = "DkimKeyCreate")
    public record DkimKeyCreate(
            @Schema(required = true, enumeration = {"rsa-sha256", "ed25519-sha256"}, description = "RSA 2048 or Ed25519 (RFC 8463)")
            String algorithm,
            @Schema(description = "RFC 6376 selector (dot-separated DNS labels); absent: derived from the month and algorithm, e.g. s202611r",
                    examples = "s202611r")
            String selector) {
    }

    @Schema(name = "DkimKeyRotate")
    public record DkimKeyRotate(
            @Schema(required = true, enumeration = {"rsa-sha256", "ed25519-sha256"}) String algorithm) {
    }

    @Schema(name = "DkimKey")
    public record DkimKeyView(
            String selector,
            String algorithm,
            @Schema(description = "Whether outbound mail is signed with it; a retired key stays listed until deleted") boolean active,
            Instant createdAt,
            Instant retiredAt,
            @Schema(examples = "s202611r._domainkey.example.test") String dnsName,
            @Schema(description = "The TXT record to publish at dnsName", examples = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
            String txtRecord) {
        static DkimKeyView of(DkimKey k) {
            return new DkimKeyView(k.getSelector(), k.getAlgorithm(), k.getActive(), Dtos.instant(k.getCreatedMillis()),
                    Dtos.instant(k.getRetiredMillis()), k.getDnsName(), k.getTxtRecord());
        }
    }

    @Schema(name = "DkimKeyList")
    public record DkimKeyList(String domain, List<DkimKeyView> items) {
    }

    @GrpcClient("mailbox-store")
    MailboxDkim dkim;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Make a DKIM key for the domain; it signs at once, so publish its TXT record right away")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DkimKeyView.class)))
    @APIResponse(responseCode = "400", description = "Unknown algorithm, bad selector or domain", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The domain does not exist", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The selector exists, or the domain already has an active key of the algorithm (rotate it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<DkimKeyView>> create(@PathParam("domain") String domain, DkimKeyCreate body, @Context UriInfo uri) {
        String d = Validate.domain("domain", domain);
        Fields.body(body, "{\"algorithm\": \"ed25519-sha256\", \"selector\": \"s202611e\"}");
        String algorithm = algorithm(body.algorithm());
        return dkim.createKey(CreateDkimKeyRequest.newBuilder().setDomain(d).setAlgorithm(algorithm)
                        .setSelector(body.selector() == null ? "" : Validate.noControl("selector", body.selector())).build())
                .map(DkimKeyView::of)
                .call(k -> audit.record(identity, "dkim.create", k.dnsName(), null, k))
                .map(k -> created(uri, k));
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The domain's DKIM keys, active first, with the TXT records to publish (never private keys)")
    @APIResponse(responseCode = "200", description = "The keys")
    @APIResponse(responseCode = "404", description = "The domain does not exist", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<DkimKeyList> list(@PathParam("domain") String domain) {
        String d = Validate.domain("domain", domain);
        return dkim.listKeys(ListDkimKeysRequest.newBuilder().setDomain(d).build())
                .map(l -> new DkimKeyList(d, l.getItemsList().stream().map(DkimKeyView::of).toList()));
    }

    @POST
    @Path("rotate")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "A new key with a new selector replaces the active one of the algorithm, which is retired but kept listed "
            + "so its TXT record can stay published until mail signed with it has been verified")
    @APIResponse(responseCode = "201", description = "The new key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DkimKeyView.class)))
    @APIResponse(responseCode = "400", description = "Unknown algorithm", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The domain does not exist", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<DkimKeyView>> rotate(@PathParam("domain") String domain, DkimKeyRotate body, @Context UriInfo uri) {
        String d = Validate.domain("domain", domain);
        Fields.body(body, "{\"algorithm\": \"rsa-sha256\"}");
        String algorithm = algorithm(body.algorithm());
        return dkim.rotateKey(RotateDkimKeyRequest.newBuilder().setDomain(d).setAlgorithm(algorithm).build())
                .map(DkimKeyView::of)
                .call(k -> audit.record(identity, "dkim.rotate", k.dnsName(), null, k))
                .map(k -> created(uri, k));
    }

    @DELETE
    @Path("{selector}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a key; an active one stops signing (remove its TXT record only after mail signed with it is delivered)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<RestResponse<Void>> delete(@PathParam("domain") String domain, @PathParam("selector") String selector) {
        String d = Validate.domain("domain", domain);
        String s = Fields.required("selector", selector).trim().toLowerCase(Locale.ROOT);
        return dkim.deleteKey(DeleteDkimKeyRequest.newBuilder().setDomain(d).setSelector(s).build())
                .call(x -> audit.record(identity, "dkim.delete", s + "._domainkey." + d, Map.of("domain", d, "selector", s), null))
                .map(x -> RestResponse.noContent());
    }

    private static String algorithm(String value) {
        String a = Fields.required("algorithm", value).trim().toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(a)) {
            throw ProblemException.badRequest("unknown DKIM algorithm '" + Validate.shorten(value) + "'; use rsa-sha256 or ed25519-sha256");
        }
        return a;
    }

    private static RestResponse<DkimKeyView> created(UriInfo uri, DkimKeyView k) {
        // The key's own URI is its selector under the collection (DELETE is served there).
        String base = uri.getPath().endsWith("/rotate") ? uri.getPath().substring(0, uri.getPath().length() - "/rotate".length()) : uri.getPath();
        return RestResponse.ResponseBuilder.<DkimKeyView>created(uri.getBaseUriBuilder().path(base).path("{s}").build(k.selector()))
                .entity(k).build();
    }
}
