package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** NOOP [tag] (RFC 5804 section 2.13): OK, echoing the tag in a TAG response code. */
final class Noop implements SieveHandler {

    @Override
    public boolean needsAuth() {
        return false;
    }

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        if (command.args().isEmpty()) {
            session.ok(null, "Done");
        } else {
            session.write("OK (TAG " + com.mailplatform.gateway.managesieve.Strings.quote(command.args().get(0)) + ") \"Done\"\r\n");
        }
        return SieveHandler.done();
    }
}
