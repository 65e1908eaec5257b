package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** ID (RFC 2971): the server names itself, without a version (leak nothing). */
final class Id implements CommandHandler<ImapCommand.Id> {
    @Override
    public Set<ImapSession.State> validIn() {
        return ANY;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Id c, ImapSession s) {
        s.untagged("ID (\"name\" \"imap-pop-gateway\")");
        return s.finish(c.tag(), "OK", "ID completed");
    }
}
