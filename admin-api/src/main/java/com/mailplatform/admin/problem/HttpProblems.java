package com.mailplatform.admin.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailplatform.admin.AdminConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import com.mailplatform.admin.transfer.TransferPaths;
import org.jboss.logging.Logger;

/**
 * Problems for what is refused before JAX-RS sees the request, where {@link ProblemMappers} cannot help: a body
 * over {@code quarkus.http.limits.max-body-size} (Quarkus answers that 413 itself, with no body), a URI over
 * {@code admin.max-uri-length} (414), and any failure of the HTTP layer's routing. Runs just before Quarkus's own
 * body-size check.
 */
@Singleton
public class HttpProblems {

    private static final Logger LOG = Logger.getLogger(HttpProblems.class);

    private final int maxUri;
    private final long maxBody;
    private final long maxJsonBody;
    private final ObjectMapper json;

    @Inject
    HttpProblems(AdminConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody,
                 ObjectMapper json) {
        this.maxUri = config.maxUriLength();
        this.maxBody = maxBody.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.maxJsonBody = Math.min(this.maxBody, config.maxJsonBody().asLongValue());
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::limits).failureHandler(this::failure);
    }

    private void limits(RoutingContext ctx) {
        if (ctx.request().uri().length() > maxUri) {
            send(ctx, ProblemMappers.ofStatus(414), false);
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        // import (issue 17): only the streamed mailbox import may be large; any other body is JSON and held to
        // admin.max-json-body, which a body without Content-Length (chunked) cannot be checked against up front
        long limit = TransferPaths.streamed(ctx.normalizedPath()) ? maxBody : maxJsonBody;
        boolean chunked = length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
        if (length != null && tooLong(length, limit) || chunked && limit < maxBody) {
            // The body is not read for the request, so the connection cannot carry another one (as Quarkus's own
            // check does); what the client still sends is discarded before the close (LingeringClose).
            send(ctx, ProblemMappers.ofStatus(413), true);
            return;
        }
        ctx.next();
    }

    private static boolean tooLong(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec has refused a malformed Content-Length already
        }
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (status < 400 || status >= 500) {
            LOG.error("request failed in the HTTP layer", ctx.failure());
        }
        send(ctx, ProblemMappers.ofStatus(status), status == 413);
    }

    private void send(RoutingContext ctx, Problem problem, boolean close) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a record of four plain fields always serializes
        }
        HttpServerResponse response = ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            LingeringClose.end(ctx, Buffer.buffer(body), maxBody);
        } else {
            response.end(Buffer.buffer(body));
        }
    }
}
