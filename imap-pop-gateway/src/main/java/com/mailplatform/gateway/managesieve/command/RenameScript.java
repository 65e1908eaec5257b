package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.RenameSieveScriptRequest;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** RENAMESCRIPT old new (RFC 5804 section 2.11.1): NONEXISTENT / ALREADYEXISTS come from the store. */
final class RenameScript implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        RenameSieveScriptRequest request = RenameSieveScriptRequest.newBuilder().setAccount(session.account())
                .setOldName(command.args().get(0)).setNewName(command.args().get(1)).build();
        return StoreOutcome.run(session, session.scripts().renameSieveScript(request), r -> session.ok(null, null));
    }
}
