package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** LIST [msg] (RFC 1939 section 5): sizes as stored, CRLF included; deleted messages are left out or refused. */
final class List implements CommandHandler<Pop3Command.List> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.List command, Pop3Session session) {
        Maildrop md = session.maildrop();
        ScanListing.answer(session, command.msg(), md.liveCount() + " messages (" + md.liveOctets() + " octets)",
                msg -> String.valueOf(md.get(msg).size()));
        return CommandHandler.done();
    }
}
