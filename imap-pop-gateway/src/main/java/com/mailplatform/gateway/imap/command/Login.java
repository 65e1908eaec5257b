package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** LOGIN (RFC 9051 section 6.2.3): refused before TLS unless imap.allow-plaintext-auth. */
final class Login implements CommandHandler<ImapCommand.Login> {
    @Override
    public Set<ImapSession.State> validIn() {
        return NOT_AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Login c, ImapSession s) {
        if (!s.loginAllowed()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[PRIVACYREQUIRED] use STARTTLS first");
        }
        return loggedIn(s, c.tag(), s.login(c.user(), c.password()));
    }

    /** The tagged answer to a login attempt, shared with AUTHENTICATE. */
    static CompletionStage<?> loggedIn(ImapSession s, String tag, CompletionStage<Boolean> attempt) {
        return attempt.handle((ok, error) -> {
            if (error != null) {
                return CommandHandler.reply(s, tag, "NO", "[UNAVAILABLE] authentication service unavailable");
            }
            if (ok) {
                return CommandHandler.reply(s, tag, "OK", "[CAPABILITY " + s.capabilities() + "] logged in");
            }
            if (s.state() == ImapSession.State.LOGOUT) {
                return CommandHandler.done();
            }
            return CommandHandler.reply(s, tag, "NO", "[AUTHENTICATIONFAILED] authentication failed");
        });
    }
}
