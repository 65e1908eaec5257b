package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** CAPABILITY (RFC 9051 section 6.1.1). */
final class Capability implements CommandHandler<ImapCommand.Capability> {
    @Override
    public Set<ImapSession.State> validIn() {
        return ANY;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Capability c, ImapSession s) {
        s.untagged("CAPABILITY " + s.capabilities());
        return s.finish(c.tag(), "OK", "CAPABILITY completed");
    }
}
