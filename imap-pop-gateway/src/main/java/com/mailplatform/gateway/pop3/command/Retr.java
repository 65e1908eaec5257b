package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import com.mailplatform.common.protocol.DotStuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** RETR msg (RFC 1939 section 5): the whole message, dot-stuffed, streamed as the store sends it. */
final class Retr implements CommandHandler<Pop3Command.Retr> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Retr command, Pop3Session session) {
        Maildrop md = session.maildrop();
        String refusal = md.refusal(command.msg());
        if (refusal != null) {
            session.err(refusal);
            return CommandHandler.done();
        }
        return session.sendMessage(command.msg(), DotStuffer.whole(), "+OK " + md.get(command.msg()).size() + " octets");
    }
}
