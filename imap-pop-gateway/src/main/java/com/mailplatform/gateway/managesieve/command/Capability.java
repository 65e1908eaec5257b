package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** CAPABILITY (RFC 5804 section 2.4): the same list as the greeting, then OK. */
final class Capability implements SieveHandler {

    @Override
    public boolean needsAuth() {
        return false;
    }

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        session.capabilities();
        session.ok(null, null);
        return SieveHandler.done();
    }
}
