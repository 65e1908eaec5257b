package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** LOGOUT (RFC 5804 section 2.3): OK, then the server closes. */
final class Logout implements SieveHandler {

    @Override
    public boolean needsAuth() {
        return false;
    }

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        return session.finalReply("OK \"Logout\"\r\n");
    }
}
