package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs one command on the session's event loop. The session has already checked {@link #validIn()}; the returned
 * stage completes once the whole reply is written, so pipelined commands are answered in order (RFC 2449 PIPELINING).
 */
public interface CommandHandler<C extends Pop3Command> {

    Set<Pop3Session.State> validIn();

    CompletionStage<?> handle(C command, Pop3Session session);

    static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
