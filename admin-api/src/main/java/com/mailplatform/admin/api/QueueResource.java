package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.admin.upstream.Upstream;
import com.mailplatform.common.grpc.queue.QueueActionReply;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.QueueEntry;
import com.mailplatform.common.grpc.queue.QueueEntryRequest;
import com.mailplatform.common.grpc.queue.QueueFilter;
import com.mailplatform.common.grpc.queue.QueueRecipient;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The mail queue, like postqueue -p / postsuper -h, -H, -d and postqueue -i; served by delivery-service. */
@Path("/api/v1/queue")
@Tag(name = "queue")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "delivery-service unavailable",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class QueueResource {

    /** Queue ids are short tokens (QueueIds in platform-common); anything else is refused before it travels. */
    static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final List<String> STATUSES = List.of("deferred", "hold", "active");

    @Schema(name = "QueueRecipient")
    public record RecipientView(String recipient, String status, int attempts, Instant nextAttemptAt, String lastDsn, String lastReply) {
        static RecipientView of(QueueRecipient r) {
            return new RecipientView(r.getRecipient(), r.getStatus(), r.getAttempts(), Times.instant(r.getNextAttemptMillis()),
                    r.getLastDsn(), r.getLastReply());
        }
    }

    @Schema(name = "QueueEntry")
    public record EntryView(String queueId, String sender, long size, Instant receivedAt, List<RecipientView> recipients) {
        static EntryView of(QueueEntry e) {
            return new EntryView(e.getQueueId(), e.getSender(), e.getSize(), Times.instant(e.getReceivedMillis()),
                    e.getRecipientsList().stream().map(RecipientView::of).toList());
        }
    }

    @Schema(name = "QueuePage")
    public record QueuePage(List<EntryView> items, long total, int offset, int limit) {
    }

    @Schema(name = "QueueAction")
    public record ActionView(String queueId, String action, int affected) {
    }

    @GrpcClient("delivery-service")
    QueueAdmin queue;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List queued mail (postqueue -p), filtered by sender, recipient, recipient domain or status")
    public Uni<QueuePage> list(@QueryParam("sender") String sender, @QueryParam("recipient") String recipient,
                               @QueryParam("domain") String domain, @QueryParam("status") String status,
                               @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.parse(offset, limit);
        String st = Validate.optionalWord("status", status, STATUSES);
        QueueFilter filter = QueueFilter.newBuilder().setSender(sender(sender))
                .setRecipient(Validate.optionalAddress("recipient", recipient)).setDomain(Validate.optionalDomain("domain", domain))
                .setStatus(st).setOffset(paging.offset()).setLimit(paging.limit()).build();
        return Upstream.call(Upstream.DELIVERY, queue.listQueue(filter))
                .map(p -> new QueuePage(p.getItemsList().stream().map(EntryView::of).toList(), p.getTotal(), paging.offset(), paging.limit()));
    }

    @GET
    @Path("{queueId}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One queued message with the state of each recipient")
    @APIResponse(responseCode = "404", description = "Not in the queue", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<EntryView> show(@PathParam("queueId") String queueId) {
        return Upstream.call(Upstream.DELIVERY, queue.showQueueEntry(request(queueId, null))).map(EntryView::of);
    }

    @POST
    @Path("{queueId}/{action: hold|release|retry|requeue}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "hold: not delivered until released (postsuper -h); release: from hold (postsuper -H);"
            + " retry: try now, whatever the back-off says (postqueue -i); requeue: aliases expanded again and routed afresh"
            + " (postsuper -r). Optionally for one recipient only.")
    public Uni<ActionView> act(@PathParam("queueId") String queueId, @PathParam("action") String action,
                               @QueryParam("recipient") String recipient) {
        Function<QueueEntryRequest, Uni<QueueActionReply>> call = switch (action) {
            case "hold" -> queue::hold;
            case "release" -> queue::release;
            case "requeue" -> queue::requeue;
            default -> queue::retryNow;
        };
        return act(queueId, recipient, action, call);
    }

    @DELETE
    @Path("{queueId}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Delete from the queue without a bounce (postsuper -d)")
    public Uni<ActionView> delete(@PathParam("queueId") String queueId, @QueryParam("recipient") String recipient) {
        return act(queueId, recipient, "delete", queue::delete);
    }

    private Uni<ActionView> act(String queueId, String recipient, String action, Function<QueueEntryRequest, Uni<QueueActionReply>> call) {
        QueueEntryRequest request = request(queueId, recipient);
        return Upstream.call(Upstream.DELIVERY, queue.showQueueEntry(request).map(EntryView::of))
                .flatMap(before -> Upstream.call(Upstream.DELIVERY, call.apply(request))
                        .map(r -> new ActionView(request.getQueueId(), action, r.getAffected()))
                        .call(after -> audit.record(identity, "queue." + action,
                                request.getRecipient().isEmpty() ? request.getQueueId() : request.getQueueId() + "/" + request.getRecipient(),
                                before, after)));
    }

    static QueueEntryRequest request(String queueId, String recipient) {
        if (queueId == null || !QUEUE_ID.matcher(queueId).matches()) {
            throw ProblemException.badRequest("not a queue id: letters, digits, '.', '_' and '-', at most 64");
        }
        return QueueEntryRequest.newBuilder().setQueueId(queueId).setRecipient(Validate.optionalAddress("recipient", recipient)).build();
    }

    /** The null sender {@code <>} is a valid filter (bounces); anything else must be an address. */
    static String sender(String sender) {
        if (sender != null && sender.trim().equals("<>")) {
            return "<>";
        }
        return Validate.optionalAddress("sender", sender);
    }
}
