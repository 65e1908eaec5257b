package com.mailplatform.gateway.read;

import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import io.quarkus.grpc.GrpcClient;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The gateway's one way to read messages, for IMAP FETCH and POP3 RETR/TOP: mailbox-store's FetchMessages (one
 * call for a whole UID set, bodies streamed in chunks) behind the cache of immutable parts.
 */
@ApplicationScoped
public class MessageReader {

    private final MailboxImap store;
    private final MessageCache cache;
    private final Vertx vertx;

    public MessageReader(@GrpcClient("mailbox-store") MailboxImap store, MessageCache cache, Vertx vertx) {
        this.store = store;
        this.cache = cache;
        this.vertx = vertx;
    }

    public MessageCache cache() {
        return cache;
    }

    /** Streams the parts to {@code handler} on the session's event loop, as {@link FetchStream} describes. */
    public CompletionStage<Void> fetch(FetchMessagesRequest request, Executor eventLoop, Duration timeout,
                                       Function<FetchedPart, CompletionStage<Void>> handler) {
        return FetchStream.consume(store.fetchMessages(request), eventLoop, vertx, timeout, handler);
    }
}
