package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.SieveScriptRef;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** DELETESCRIPT name (RFC 5804 section 2.10): the active script is refused with NO (ACTIVE) by the store. */
final class DeleteScript implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        SieveScriptRef ref = SieveScriptRef.newBuilder().setAccount(session.account()).setName(command.args().get(0)).build();
        return StoreOutcome.run(session, session.scripts().deleteSieveScript(ref), r -> session.ok(null, null));
    }
}
