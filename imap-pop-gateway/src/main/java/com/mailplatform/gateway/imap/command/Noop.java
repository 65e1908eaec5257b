package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * NOOP (RFC 9051 section 6.1.2) and RFC 3501's CHECK: both ask the store for changes now, whether or not a
 * notification came, which is how a client polls.
 */
final class Noop implements CommandHandler<ImapCommand> {
    @Override
    public Set<ImapSession.State> validIn() {
        return ANY;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand c, ImapSession s) {
        return s.finish(c.tag(), "OK", c instanceof ImapCommand.Check ? "CHECK completed" : "NOOP completed");
    }
}
