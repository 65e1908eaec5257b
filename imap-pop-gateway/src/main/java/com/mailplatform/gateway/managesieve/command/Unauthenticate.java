package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** UNAUTHENTICATE (RFC 5804 section 2.14.1): back to the non-authenticated state; TLS stays. */
final class Unauthenticate implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        session.unauthenticate();
        session.ok(null, null);
        return SieveHandler.done();
    }
}
