package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.ArrayList;
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
        if (command.msg().isPresent()) {
            int msg = command.msg().getAsInt();
            String refusal = md.refusal(msg);
            if (refusal != null) {
                session.err(refusal);
            } else {
                session.ok(msg + " " + md.uidl(msg));
            }
            return CommandHandler.done();
        }
        java.util.List<String> lines = new ArrayList<>(md.size());
        for (int msg = 1; msg <= md.size(); msg++) {
            if (!md.isDeleted(msg)) {
                lines.add(msg + " " + md.uidl(msg));
            }
        }
        session.multiline("unique-id listing follows", lines);
        return CommandHandler.done();
    }
}
