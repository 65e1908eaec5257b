package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.admin.upstream.Upstream;
import com.mailplatform.common.grpc.queue.BulkRequest;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.StringJoiner;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * postsuper/postqueue on many messages at once ({@code postsuper -d ALL}, {@code -h}, {@code -H}, {@code -r},
 * {@code postqueue -f}), selected by filter; the answer says how many messages and recipients were acted on.
 * {@code dryRun=true} only counts (what mailctl shows before it deletes many). Audited when something changed.
 */
@Path("/api/v1/queue/actions")
@Tag(name = "queue")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "A bad filter value, or no selection at all",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "delivery-service unavailable",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class QueueBulkResource {

    @Schema(name = "QueueBulkAction")
    public record BulkView(String action, boolean dryRun, int messages, int recipients, List<String> queueIds) {
    }

    @GrpcClient("delivery-service")
    QueueAdmin queue;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("{action: hold|release|retry|delete|requeue}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "hold (postsuper -h), release (-H, due at once), retry (postqueue -f: held mail stays held), delete"
            + " (postsuper -d, no bounce) or requeue (postsuper -r: aliases expanded again, routed afresh) every queued"
            + " message the filter selects. all=true selects everything; filters narrow: domain (recipient domain), sender"
            + " (<> for bounces), olderThan (90s, 30m, 2h, 3d, 1w or PT2H), state (deferred, hold, active). dryRun=true counts.")
    public Uni<BulkView> act(@PathParam("action") String action, @QueryParam("all") String all, @QueryParam("domain") String domain,
                             @QueryParam("sender") String sender, @QueryParam("olderThan") String olderThan,
                             @QueryParam("state") String state, @QueryParam("dryRun") String dryRun) {
        BulkRequest request = QueueSelectionParams.request(action, all, domain, sender, olderThan, state, dryRun);
        return Upstream.call(Upstream.DELIVERY, queue.bulk(request))
                .map(r -> new BulkView(action, r.getDryRun(), r.getMessages(), r.getRecipients(), r.getQueueIdsList()))
                .call(view -> view.dryRun() || view.messages() == 0 ? Uni.createFrom().voidItem()
                        : audit.record(identity, "queue.bulk-" + action, describe(request), null, view));
    }

    /** The selection as the audit log's target: {@code all domain=x.test olderThan=7200s}. */
    static String describe(BulkRequest r) {
        StringJoiner j = new StringJoiner(" ");
        if (r.getAll()) {
            j.add("all");
        }
        if (!r.getDomain().isEmpty()) {
            j.add("domain=" + r.getDomain());
        }
        if (!r.getSender().isEmpty()) {
            j.add("sender=" + r.getSender());
        }
        if (r.getOlderThanSeconds() > 0) {
            j.add("olderThan=" + r.getOlderThanSeconds() + "s");
        }
        if (!r.getState().isEmpty()) {
            j.add("state=" + r.getState());
        }
        return j.toString();
    }
}
