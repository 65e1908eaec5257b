package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.admin.upstream.Upstream;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.QueuedMessage;
import com.mailplatform.common.grpc.queue.ShowMessageRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * postcat -q: a queued message's envelope, headers and body. Mail content is the most private thing the platform
 * holds, so only the admin role reads it and every read is in the audit log (who, which queue id, how many bytes).
 */
@Path("/api/v1/queue/{queueId}/message")
@Tag(name = "queue")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Not the admin role",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "Not in the queue", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "503", description = "delivery-service unavailable",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class QueueMessageResource {

    static final int DEFAULT_BYTES = 1024 * 1024;
    /** delivery-service's cap (one gRPC reply under 4 MiB). */
    static final int MAX_BYTES = 3 * 1024 * 1024;

    /**
     * The message as text: bytes decoded as UTF-8, anything else replaced by U+FFFD (8-bit mail in another charset
     * shows so); {@code truncated} when only the first {@code shownBytes} bytes are here.
     */
    @Schema(name = "QueuedMessage")
    public record MessageView(QueueResource.EntryView envelope, String headers, String body, int shownBytes, boolean truncated) {
    }

    @GrpcClient("delivery-service")
    QueueAdmin queue;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "A queued message's envelope, headers and body (postcat -q), at most maxBytes of content"
            + " (default 1 MiB, at most 3 MiB; truncated says when cut). Admin role; every read is audited.")
    public Uni<MessageView> show(@PathParam("queueId") String queueId, @QueryParam("maxBytes") String maxBytes) {
        String id = QueueResource.request(queueId, null).getQueueId();
        int max = maxBytes(maxBytes);
        return Upstream.call(Upstream.DELIVERY, queue.showMessage(ShowMessageRequest.newBuilder().setQueueId(id).setMaxBytes(max).build()))
                .map(QueueMessageResource::view)
                .call(v -> audit.record(identity, "queue.view", id, null, Map.of("shownBytes", v.shownBytes(), "truncated", v.truncated())));
    }

    static int maxBytes(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_BYTES;
        }
        String v = Validate.noControl("maxBytes", value).trim();
        if (!v.matches("[0-9]{1,8}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_BYTES) {
            throw ProblemException.badRequest("query parameter 'maxBytes' must be a number from 1 to " + MAX_BYTES);
        }
        return Integer.parseInt(v);
    }

    static MessageView view(QueuedMessage m) {
        String text = m.getContent().toString(StandardCharsets.UTF_8);
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        int end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
        int sep = end == crlf && crlf >= 0 ? 4 : 2;
        String headers = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + sep);
        return new MessageView(QueueResource.EntryView.of(m.getEntry()), headers, body, m.getContent().size(), m.getTruncated());
    }
}
