package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.SmtpState;
import com.mailplatform.smtp.response.Replies;
import com.mailplatform.smtp.Transaction;
import com.mailplatform.smtp.auth.Authenticator;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.SaslPlain;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * RFC 4954 AUTH with PLAIN (RFC 4616) and LOGIN, only under TLS unless smtpd.tls-auth-only is off. Failures go
 * to the service's {@link AuthPenalty} (anvil), per client address and per address and user: every attempt from a
 * guessing address waits longer, and past the limit that address is cut off; the owner elsewhere is not.
 */
final class Auth implements CommandHandler<SmtpCommand.Auth> {

    private static final String USERNAME = Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
    private static final String PASSWORD = Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));

    private final Authenticator authenticator;
    private final AuthPenalty penalty;

    Auth(Authenticator authenticator, AuthPenalty penalty) {
        this.authenticator = authenticator;
        this.penalty = penalty;
    }

    /** RFC 4954 section 4: after EHLO, not during a transaction. */
    @Override
    public Set<SmtpState> validIn() {
        return EnumSet.of(SmtpState.GREETED);
    }

    @Override
    public String outOfState(SmtpState state) {
        return state == SmtpState.CONNECTED ? Replies.NEED_EHLO : Replies.IN_TRANSACTION;
    }

    @Override
    public CompletionStage<?> handle(SmtpCommand.Auth c, SmtpSession s) {
        if (!s.esmtp()) {
            return CommandHandler.reply(s, Replies.NEED_EHLO);
        }
        if (s.authUser() != null) {
            return CommandHandler.reply(s, Replies.ALREADY_AUTHENTICATED);
        }
        if (!s.tls() && s.config().tlsAuthOnly()) {
            return CommandHandler.reply(s, Replies.AUTH_NEEDS_TLS);
        }
        if (penalty.blocked(s.clientAddress())) {
            s.close(Replies.closing(s.config().myhostname(), "too many failed authentication attempts"));
            return s.done();
        }
        String initial = c.initialResponse();
        switch (c.mechanism()) {
            case "PLAIN" -> {
                if (initial == null) {
                    s.reply("334 ");
                    s.expectContinuation(resp -> plain(s, resp));
                    return s.done();
                }
                return plain(s, initial);
            }
            case "LOGIN" -> {
                if (initial != null) {
                    return loginUser(s, initial);
                }
                s.reply("334 " + USERNAME);
                s.expectContinuation(resp -> loginUser(s, resp));
                return s.done();
            }
            default -> {
                s.reply(Replies.AUTH_UNKNOWN_MECHANISM);
                return s.done();
            }
        }
    }

    private CompletionStage<?> plain(SmtpSession s, String response) {
        if (response.equals("*")) {
            s.reply(Replies.AUTH_ABORTED);
            return s.done();
        }
        SaslPlain p = SaslPlain.decode(response.equals("=") ? "" : response);
        if (p == null) {
            s.reply(Replies.AUTH_UNDECODABLE);
            return s.done();
        }
        if (p.login() == null) {
            return failed(s, "PLAIN", p.authcid());
        }
        return verify(s, "PLAIN", p.login(), p.password());
    }

    private CompletionStage<?> loginUser(SmtpSession s, String response) {
        if (response.equals("*")) {
            s.reply(Replies.AUTH_ABORTED);
            return s.done();
        }
        byte[] user = SaslPlain.base64Decode(response);
        if (user == null) {
            s.reply(Replies.AUTH_UNDECODABLE);
            return s.done();
        }
        s.reply("334 " + PASSWORD);
        String username = new String(user, StandardCharsets.UTF_8);
        s.expectContinuation(resp -> {
            if (resp.equals("*")) {
                s.reply(Replies.AUTH_ABORTED);
                return s.done();
            }
            byte[] pw = SaslPlain.base64Decode(resp);
            if (pw == null) {
                s.reply(Replies.AUTH_UNDECODABLE);
                return s.done();
            }
            return verify(s, "LOGIN", username, new String(pw, StandardCharsets.UTF_8));
        });
        return s.done();
    }

    private CompletionStage<?> verify(SmtpSession s, String mechanism, String username, String password) {
        AuthPenalty.Verdict verdict = penalty.attempt(s.clientAddress(), username);
        if (verdict.refused()) {
            // This address has guessed too often: refused without asking the store, whatever the password.
            return s.sleep(verdict.delay().toMillis()).thenRun(() -> {
                s.mailLog().saslFailed(mechanism, username);
                s.reply(Replies.AUTH_FAILED);
            });
        }
        // An empty Optional means wrong credentials; null means mailbox-store could not answer.
        return s.sleep(verdict.delay().toMillis())
                .thenCompose(v -> s.onContext(authenticator.authenticate(username, password).map(Optional::ofNullable)
                        .onFailure().recoverWithNull()))
                .thenCompose(result -> {
                    if (result == null) {
                        s.reply(Replies.AUTH_TEMPFAIL);
                        return s.done();
                    }
                    if (result.isEmpty()) {
                        return failed(s, mechanism, username);
                    }
                    penalty.succeeded(s.clientAddress(), username);
                    s.authenticated(result.get());
                    s.mailLog().authenticated(mechanism, result.get());
                    s.reply(Replies.AUTH_OK);
                    return s.done();
                });
    }

    private CompletionStage<Void> failed(SmtpSession s, String mechanism, String username) {
        penalty.failed(s.clientAddress(), username);
        s.mailLog().saslFailed(mechanism, username);
        s.metrics().authFailure();
        s.reply(Replies.AUTH_FAILED);
        return s.done();
    }
}
