package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** DELE msg (RFC 1939 section 5): only marks; the store removes it in the UPDATE state after QUIT. */
final class Dele implements CommandHandler<Pop3Command.Dele> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Dele command, Pop3Session session) {
        Maildrop md = session.maildrop();
        String refusal = md.refusal(command.msg());
        if (refusal != null) {
            session.err(refusal);
        } else {
            md.delete(command.msg());
            session.ok("message " + command.msg() + " deleted");
        }
        return CommandHandler.done();
    }
}
