package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.concurrent.CompletionStage;

/** STARTTLS (RFC 5804 section 2.2): only when a certificate is configured and not yet under TLS. */
final class StartTls implements SieveHandler {

    @Override
    public boolean needsAuth() {
        return false;
    }

    @Override
    public boolean beforeAuthOnly() {
        return true;
    }

    @Override
    public CompletionStage<?> handle(SieveCommand command, ManageSieveSession session) {
        if (!session.tlsAvailable() || session.tls()) {
            session.no(null, session.tls() ? "TLS already active" : "TLS not available");
            return SieveHandler.done();
        }
        return session.startTls();
    }
}
