package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.SieveScriptRef;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** SETACTIVE name (RFC 5804 section 2.8): "" deactivates the active script. */
final class SetActive implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        SieveScriptRef ref = SieveScriptRef.newBuilder().setAccount(session.account()).setName(command.args().get(0)).build();
        return StoreOutcome.run(session, session.scripts().setActiveSieveScript(ref), r -> session.ok(null, null));
    }
}
