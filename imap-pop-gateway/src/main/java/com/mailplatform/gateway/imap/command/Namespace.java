package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** NAMESPACE (RFC 2342, RFC 9051 section 6.3.10): one personal namespace, "/" as the hierarchy delimiter. */
final class Namespace implements CommandHandler<ImapCommand.Namespace> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Namespace c, ImapSession s) {
        s.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
        return s.finish(c.tag(), "OK", "NAMESPACE completed");
    }
}
