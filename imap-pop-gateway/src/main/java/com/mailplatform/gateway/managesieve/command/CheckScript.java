package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** CHECKSCRIPT content (RFC 5804 section 2.12): checks without storing. */
final class CheckScript implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        if (ScriptCheck.passes(command.args().get(0), session)) {
            session.ok(null, "script is valid");
        }
        return SieveHandler.done();
    }
}
