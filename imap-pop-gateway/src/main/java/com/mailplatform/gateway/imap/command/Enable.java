package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** ENABLE (RFC 5161): IMAP4rev2 is the only capability that needs enabling here; others are ignored. */
final class Enable implements CommandHandler<ImapCommand.Enable> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Enable c, ImapSession s) {
        StringBuilder enabled = new StringBuilder("ENABLED");
        if (c.capabilities().contains("IMAP4REV2") && !s.rev2()) {
            s.enableRev2();
            enabled.append(" IMAP4rev2");
        }
        s.untagged(enabled.toString());
        return s.finish(c.tag(), "OK", "ENABLE completed");
    }
}
