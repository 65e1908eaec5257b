package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * IDLE (RFC 2177, RFC 9051 section 6.3.13): changes are pushed as soon as mailbox-store's change stream wakes
 * the session, until the client sends DONE.
 */
final class Idle implements CommandHandler<ImapCommand.Idle> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Idle c, ImapSession s) {
        s.write("+ idling\r\n");
        s.idling(() -> s.sync(false));
        s.sync(true);
        s.intercept(line -> {
            s.idling(null);
            if (!new String(line, StandardCharsets.US_ASCII).strip().equalsIgnoreCase("DONE")) {
                return CommandHandler.reply(s, c.tag(), "BAD", "expected DONE");
            }
            return s.finish(c.tag(), "OK", "IDLE terminated");
        });
        return CommandHandler.done();
    }
}
