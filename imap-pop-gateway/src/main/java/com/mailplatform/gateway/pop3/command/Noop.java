package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** NOOP (RFC 1939 section 5). */
final class Noop implements CommandHandler<Pop3Command.Noop> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Noop command, Pop3Session session) {
        session.ok("");
        return CommandHandler.done();
    }
}
