package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.SieveScript;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** PUTSCRIPT name content (RFC 5804 section 2.6): an invalid script is refused and nothing is stored. */
final class PutScript implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        String content = command.args().get(1);
        if (!ScriptCheck.passes(content, session)) {
            return SieveHandler.done();
        }
        SieveScript script = SieveScript.newBuilder().setAccount(session.account()).setName(command.args().get(0))
                .setContent(content).build();
        return StoreOutcome.run(session, session.scripts().putSieveScript(script), r -> session.ok(null, "stored"));
    }
}
