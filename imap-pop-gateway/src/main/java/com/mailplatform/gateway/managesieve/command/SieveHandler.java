package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs one ManageSieve command on the session's event loop; the stage completes once the whole reply is written,
 * so pipelined commands are answered in order. The session checks the state first.
 */
public interface SieveHandler {

    /** Only in the authenticated state (RFC 5804 sections 2.5-2.12). */
    default boolean needsAuth() {
        return true;
    }

    /** Only before authentication (AUTHENTICATE, STARTTLS). */
    default boolean beforeAuthOnly() {
        return false;
    }

    CompletionStage<?> handle(SieveCommand command, ManageSieveSession session);

    static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
