package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * SETQUOTA (RFC 9208 section 4.1): always NO. Quotas are set by operators through the admin API, never by the
 * user the limit applies to (the RFC lets a server refuse: "administrative ... restrictions").
 */
final class SetQuota implements CommandHandler<ImapCommand.SetQuota> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.SetQuota c, ImapSession s) {
        return CommandHandler.reply(s, c.tag(), "NO", "[NOPERM] quotas are set by the administrator");
    }
}
