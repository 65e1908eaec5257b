package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** UIDL [msg] (RFC 1939 section 7): ids stable across sessions, built from UID and UIDVALIDITY. */
final class Uidl implements CommandHandler<Pop3Command.Uidl> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Uidl command, Pop3Session session) {
        Maildrop md = session.maildrop();
        ScanListing.answer(session, command.msg(), "unique-id listing follows", md::uidl);
        return CommandHandler.done();
    }
}
