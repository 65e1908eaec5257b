package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * STARTTLS (RFC 9051 section 6.2.1). Whatever the client pipelined after it is discarded, so no plaintext
 * command can be injected into the TLS session.
 */
final class StartTls implements CommandHandler<ImapCommand.StartTls> {
    @Override
    public Set<ImapSession.State> validIn() {
        return NOT_AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.StartTls c, ImapSession s) {
        if (s.tls()) {
            return CommandHandler.reply(s, c.tag(), "BAD", "TLS is already active");
        }
        if (!s.tlsAvailable()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[UNAVAILABLE] TLS not configured");
        }
        return s.startTls(c.tag());
    }
}
