package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * COMPRESS DEFLATE (RFC 4978 section 3): only after authentication (so a failed login is never compressed
 * state), at most once per connection.
 */
final class Compress implements CommandHandler<ImapCommand.Compress> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Compress c, ImapSession s) {
        if (s.compressing()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[COMPRESSIONACTIVE] DEFLATE active via COMPRESS");
        }
        if (!c.mechanism().equals("DEFLATE")) {
            // section 3: an unknown algorithm is BAD
            return CommandHandler.reply(s, c.tag(), "BAD", "unknown compression mechanism");
        }
        s.startCompression(c.tag());
        return CommandHandler.done();
    }
}
