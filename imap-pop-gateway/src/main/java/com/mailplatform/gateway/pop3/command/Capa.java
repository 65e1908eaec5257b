package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** CAPA (RFC 2449 section 5): valid before and after login. */
final class Capa implements CommandHandler<Pop3Command.Capa> {

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.AUTHORIZATION, Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Capa command, Pop3Session session) {
        java.util.List<String> caps = new ArrayList<>(8);
        caps.add("TOP");
        // RFC 2449 section 6.8: USER only where USER/PASS is actually accepted
        if (session.authAllowed()) {
            caps.add("USER");
        }
        // RFC 2595 section 4: STLS only where it can still be used
        if (!session.tls() && session.tlsAvailable() && session.state() == Pop3Session.State.AUTHORIZATION) {
            caps.add("STLS");
        }
        caps.add("UIDL");
        caps.add("RESP-CODES");
        caps.add("PIPELINING");
        caps.add("AUTH-RESP-CODE");
        // RFC 2449 section 6.9: the name only, no version (leak nothing)
        caps.add("IMPLEMENTATION mail-platform");
        session.multiline("capability list follows", caps);
        return CommandHandler.done();
    }
}
