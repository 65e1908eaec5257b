package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * STLS (RFC 2595 section 4): only in AUTHORIZATION and only once. Whatever the client pipelined after it is
 * discarded, so no plaintext command can be injected into the TLS session.
 */
final class Stls implements CommandHandler<Pop3Command.Stls> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.AUTHORIZATION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Stls command, Pop3Session session) {
        if (session.tls()) {
            session.err("TLS already active");
            return CommandHandler.done();
        }
        if (!session.tlsAvailable()) {
            session.err("TLS not available");
            return CommandHandler.done();
        }
        return session.startTls();
    }
}
