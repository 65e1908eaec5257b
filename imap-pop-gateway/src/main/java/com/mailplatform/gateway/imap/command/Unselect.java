package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** UNSELECT (RFC 3691, RFC 9051 section 6.4.2): leave the mailbox without expunging. */
final class Unselect implements CommandHandler<ImapCommand.Unselect> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Unselect c, ImapSession s) {
        s.unselect();
        return CommandHandler.reply(s, c.tag(), "OK", "UNSELECT completed");
    }
}
