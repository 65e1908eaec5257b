package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** UNAUTHENTICATE (RFC 8437 section 3): ends the authenticated session but keeps the connection (and its TLS). */
final class Unauthenticate implements CommandHandler<ImapCommand.Unauthenticate> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Unauthenticate c, ImapSession s) {
        s.unauthenticate();
        return CommandHandler.reply(s, c.tag(), "OK", "UNAUTHENTICATE completed");
    }
}
