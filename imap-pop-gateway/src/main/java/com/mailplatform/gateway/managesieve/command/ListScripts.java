package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.SieveAccountRequest;
import com.mailplatform.common.grpc.mailbox.SieveScriptInfo;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.Strings;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** LISTSCRIPTS (RFC 5804 section 2.7): one name per line, the active one followed by ACTIVE. */
final class ListScripts implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        SieveAccountRequest request = SieveAccountRequest.newBuilder().setAccount(session.account()).build();
        return StoreOutcome.run(session, session.scripts().listSieveScripts(request), list -> {
            StringBuilder out = new StringBuilder();
            for (SieveScriptInfo s : list.getScriptsList()) {
                out.append(Strings.quote(s.getName())).append(s.getActive() ? " ACTIVE\r\n" : "\r\n");
            }
            session.write(out.toString());
            session.ok(null, null);
        });
    }
}
