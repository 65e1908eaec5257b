package com.mailplatform.admin.problem;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends a connection whose request body was refused unread (413) without losing the answer. Closing at once, while
 * the client is still sending, makes the kernel reset the connection, and a client that writes its whole body
 * before reading (curl, Apache HttpClient) then sees "broken pipe" instead of the 413. RFC 9112 section 9.6 asks
 * for a lingering close: go on reading, and discard, what the client sends, then close. Bounded in time and bytes
 * (as nginx's lingering_time), so a client cannot hold the connection open with it.
 */
final class LingeringClose {

    /** How long the rest of a refused body is read and discarded at most. */
    static final long LINGER_MILLIS = 2_000;

    private LingeringClose() {
    }

    /**
     * Ends the response with {@code body} and then the request: on HTTP/1.x with {@code Connection: close} and a
     * lingering close, reading and discarding at most {@code maxBytes}; on HTTP/2 by resetting the stream only.
     */
    static void end(RoutingContext ctx, Buffer body, long maxBytes) {
        HttpServerRequest request = ctx.request();
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (!http2) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE); // connection headers are illegal in HTTP/2
        }
        ctx.response().end(body).onComplete(written -> {
            if (request.isEnded()) {
                if (!http2) {
                    request.connection().close();
                }
            } else if (http2) {
                // RFC 9113 section 8.1: after a complete response the server may stop the request with RST_STREAM
                // NO_ERROR; the connection's other streams go on.
                ctx.response().reset(0);
            } else {
                discardThenClose(ctx, maxBytes);
            }
        });
    }

    private static void discardThenClose(RoutingContext ctx, long maxBytes) {
        HttpServerRequest request = ctx.request();
        HttpConnection connection = request.connection();
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> connection.close());
        long[] discarded = {0};
        Runnable done = () -> {
            ctx.vertx().cancelTimer(timer);
            connection.close();
        };
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > maxBytes) {
                done.run();
            }
        });
        request.endHandler(v -> done.run());
        request.exceptionHandler(e -> done.run());
        request.resume();
    }
}
