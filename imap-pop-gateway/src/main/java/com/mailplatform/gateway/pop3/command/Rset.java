package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** RSET (RFC 1939 section 5): unmarks every deleted message. */
final class Rset implements CommandHandler<Pop3Command.Rset> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Rset command, Pop3Session session) {
        Maildrop md = session.maildrop();
        md.undeleteAll();
        session.ok("maildrop has " + md.liveCount() + " messages (" + md.liveOctets() + " octets)");
        return CommandHandler.done();
    }
}
