package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.SaslPlain;
import com.mailplatform.gateway.managesieve.ManageSieveSession;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * AUTHENTICATE "PLAIN" [initial-response] (RFC 5804 section 2.1, RFC 4616), checked against the store with the
 * service's penalty (anvil). Without an initial response the server sends an empty challenge and reads one string;
 * "*" cancels (section 2.1).
 */
final class Authenticate implements SieveHandler {

    private static final Logger LOG = Logger.getLogger(Authenticate.class);

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
        if (!session.authAllowed()) {
            session.no("ENCRYPT-NEEDED", "use STARTTLS first");
            return SieveHandler.done();
        }
        if (!command.args().get(0).toUpperCase(Locale.ROOT).equals("PLAIN")) {
            session.no(null, "unsupported SASL mechanism");
            return SieveHandler.done();
        }
        if (command.args().size() == 2) {
            return check(command.args().get(1), session);
        }
        session.awaitSaslResponse(response -> {
            if (response.equals("*")) {
                session.no(null, "authentication cancelled");
                return SieveHandler.done();
            }
            return check(response, session);
        });
        return SieveHandler.done();
    }

    private static CompletionStage<?> check(String base64, ManageSieveSession session) {
        SaslPlain plain = SaslPlain.decode(base64);
        String user = plain == null ? null : plain.login();
        if (user == null) {
            return failed(session, "", false);
        }
        AuthPenalty.Verdict verdict = session.authAttempt(user);
        if (verdict.refused()) {
            return session.delay(verdict.delay()).thenCompose(v -> failed(session, user, false));
        }
        AuthenticateRequest request = AuthenticateRequest.newBuilder().setUsername(user).setPassword(plain.password()).build();
        return session.delay(verdict.delay()).thenCompose(v -> session.call(session.store().authenticate(request))).handle((reply, error) -> {
            if (error != null) {
                LOG.warnf("managesieve session=%s authentication unavailable: %s", session.id(), error.toString());
                session.no("TRYLATER", "authentication service unavailable");
                return SieveHandler.done();
            }
            if (!reply.getOk()) {
                return failed(session, user, true);
            }
            session.authenticated(user, reply.getAccount());
            session.ok(null, "Logged in");
            return SieveHandler.done();
        }).thenCompose(stage -> stage);
    }

    private static CompletionStage<?> failed(ManageSieveSession session, String user, boolean checked) {
        if (session.authFailed(user, checked)) {
            return session.finalReply("BYE \"too many authentication failures\"\r\n");
        }
        session.no(null, "authentication failed");
        return SieveHandler.done();
    }
}
