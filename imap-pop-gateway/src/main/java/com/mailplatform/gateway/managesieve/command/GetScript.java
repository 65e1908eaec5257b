package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.SieveScriptRef;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.Strings;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** GETSCRIPT name (RFC 5804 section 2.9): the script as a literal, then OK. */
final class GetScript implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        SieveScriptRef ref = SieveScriptRef.newBuilder().setAccount(session.account()).setName(command.args().get(0)).build();
        return StoreOutcome.run(session, session.scripts().getSieveScript(ref), script -> {
            session.write(Strings.literal(script.getContent()) + "\r\n");
            session.ok(null, null);
        });
    }
}
