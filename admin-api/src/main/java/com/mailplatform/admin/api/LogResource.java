package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.admin.upstream.Upstream;
import com.mailplatform.common.grpc.queue.LogEntry;
import com.mailplatform.common.grpc.queue.LogFilter;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.RouteReply;
import com.mailplatform.common.grpc.queue.RouteRequest;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "What happened to this message" (the maillog) and "how would we route to DOMAIN", from delivery-service. */
@Path("/api/v1")
@Tag(name = "troubleshooting")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "delivery-service unavailable",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class LogResource {

    @Schema(name = "LogEntry")
    public record LogView(Instant loggedAt, String queueId, String sender, String recipient, String origRecipient, String relay,
                          long delayMillis, String delays, String dsn, String status, String reply) {
        static LogView of(LogEntry e) {
            return new LogView(Times.instant(e.getLoggedMillis()), e.getQueueId(), e.getSender(), e.getRecipient(), e.getOrigRecipient(),
                    e.getRelay(), e.getDelayMillis(), e.getDelays(), e.getDsn(), e.getStatus(), e.getReply());
        }
    }

    @Schema(name = "LogPage")
    public record LogPage(List<LogView> items, long total, int offset, int limit) {
    }

    @Schema(name = "RouteHost")
    public record HostView(String host, int preference, List<String> addresses, int port) {
    }

    @Schema(name = "Route")
    public record RouteView(String domain, String kind, List<HostView> hosts, String detail) {
        static RouteView of(RouteReply r) {
            return new RouteView(r.getDomain(), r.getKind(), r.getHostsList().stream()
                    .map(h -> new HostView(h.getHost(), h.getPreference(), h.getAddressesList(), h.getPort())).toList(), r.getDetail());
        }
    }

    /** The status= words of the mail log (delivery-service's Outcome.Status). */
    static final java.util.List<String> LOG_STATUSES = java.util.List.of("sent", "deferred", "bounced", "held");

    @GrpcClient("delivery-service")
    QueueAdmin queue;

    @GET
    @Path("log")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Search the delivery log by queue id, sender, recipient, time (ISO-8601 from/to) and status")
    public Uni<LogPage> search(@QueryParam("queueId") String queueId, @QueryParam("sender") String sender,
                               @QueryParam("recipient") String recipient, @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("status") String status,
                               @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.parse(offset, limit);
        String st = Validate.optionalWord("status", status, LOG_STATUSES);
        String id = queueId == null || queueId.isBlank() ? "" : QueueResource.request(queueId.trim(), null).getQueueId();
        LogFilter filter = LogFilter.newBuilder().setQueueId(id).setSender(QueueResource.sender(sender))
                .setRecipient(Validate.optionalAddress("recipient", recipient))
                .setFromMillis(Times.millis("from", from)).setToMillis(Times.millis("to", to))
                .setStatus(st).setOffset(paging.offset()).setLimit(paging.limit()).build();
        return Upstream.call(Upstream.DELIVERY, queue.searchLog(filter))
                .map(p -> new LogPage(p.getItemsList().stream().map(LogView::of).toList(), p.getTotal(), paging.offset(), paging.limit()));
    }

    @GET
    @Path("route/{domain}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "How delivery would route mail to a domain: MX with preferences, A/AAAA fallback, null MX, transport override")
    public Uni<RouteView> route(@PathParam("domain") String domain) {
        String d = Validate.domain("domain", domain);
        return Upstream.call(Upstream.DELIVERY, queue.route(RouteRequest.newBuilder().setDomain(d).build())).map(RouteView::of);
    }
}
