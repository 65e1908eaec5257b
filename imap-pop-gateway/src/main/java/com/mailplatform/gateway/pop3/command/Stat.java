package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** STAT (RFC 1939 section 5): "+OK count octets", deleted messages not counted. */
final class Stat implements CommandHandler<Pop3Command.Stat> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Stat command, Pop3Session session) {
        Maildrop md = session.maildrop();
        session.ok(md.liveCount() + " " + md.liveOctets());
        return CommandHandler.done();
    }
}
