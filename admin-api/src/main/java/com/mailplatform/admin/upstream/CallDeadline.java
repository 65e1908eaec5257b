package com.mailplatform.admin.upstream;

import com.mailplatform.admin.AdminConfig;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for every outgoing gRPC call, counted from the start of that call. Not
 * {@code quarkus.grpc.clients.*.deadline}: Quarkus applies that once to the long-lived injected stub as an
 * absolute instant, so every call made after the first 10 s of the stub's life fails with DEADLINE_EXCEEDED
 * (quarkusio/quarkus#41947).
 */
@Singleton
@GlobalInterceptor
public class CallDeadline implements ClientInterceptor {

    private final long millis;

    @Inject
    public CallDeadline(AdminConfig config) {
        this(config.grpcDeadline());
    }

    CallDeadline(Duration deadline) {
        this.millis = deadline.toMillis();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options.getDeadline() == null ? options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS) : options);
    }
}
