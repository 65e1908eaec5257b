package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** USER name (RFC 1939 section 7). The name is the full mail address. */
final class User implements CommandHandler<Pop3Command.User> {

    static final String PLAINTEXT_DISALLOWED = "[AUTH] plaintext authentication disallowed";

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.AUTHORIZATION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.User command, Pop3Session session) {
        if (!session.authAllowed()) {
            session.err(PLAINTEXT_DISALLOWED);
            return CommandHandler.done();
        }
        session.user(command.name());
        // always +OK: saying whether the user exists would help address harvesting (RFC 1939 section 13)
        session.ok("send PASS");
        return CommandHandler.done();
    }
}
