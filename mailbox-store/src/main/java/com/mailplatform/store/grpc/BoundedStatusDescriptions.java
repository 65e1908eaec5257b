package com.mailplatform.store.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Singleton;

/**
 * Cuts every status description this server sends to a short prefix. Descriptions quote what the caller sent
 * ("invalid domain name '...'") and travel in the grpc-message trailer: a 60,000-character name echoed back
 * overflowed the client's header-list limit (8 KiB in grpc-java), so the caller saw an opaque INTERNAL instead of
 * INVALID_ARGUMENT. One place for all services rather than a length check at every message.
 */
@Singleton
@GlobalInterceptor
public class BoundedStatusDescriptions implements ServerInterceptor {

    static final int MAX_DESCRIPTION = 300;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(bounded(status), trailers);
            }
        }, headers);
    }

    static Status bounded(Status status) {
        String d = status.getDescription();
        if (d == null || d.length() <= MAX_DESCRIPTION) {
            return status;
        }
        int end = Character.isHighSurrogate(d.charAt(MAX_DESCRIPTION - 1)) ? MAX_DESCRIPTION - 1 : MAX_DESCRIPTION;
        return status.withDescription(d.substring(0, end) + "...");
    }
}
