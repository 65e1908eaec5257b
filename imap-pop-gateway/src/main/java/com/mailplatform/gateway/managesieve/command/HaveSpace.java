package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.SieveSpaceRequest;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** HAVESPACE name size (RFC 5804 section 2.5): the store's count and size limits answer. */
final class HaveSpace implements SieveHandler {

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        long size;
        try {
            size = Long.parseLong(command.args().get(1));
        } catch (NumberFormatException e) {
            session.no(null, "size must be a number");
            return SieveHandler.done();
        }
        if (size > session.config().maxLiteral()) {
            session.no("QUOTA/MAXSIZE", "script too large");
            return SieveHandler.done();
        }
        SieveSpaceRequest request = SieveSpaceRequest.newBuilder().setAccount(session.account())
                .setName(command.args().get(0)).setSize(size).build();
        return StoreOutcome.run(session, session.scripts().haveSieveSpace(request), r -> session.ok(null, null));
    }
}
