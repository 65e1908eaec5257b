package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** LOGOUT (RFC 9051 section 6.1.3): BYE, tagged OK, close. Nothing is expunged. */
final class Logout implements CommandHandler<ImapCommand.Logout> {
    @Override
    public Set<ImapSession.State> validIn() {
        return ANY;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Logout c, ImapSession s) {
        return s.logout(c.tag());
    }
}
