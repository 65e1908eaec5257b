package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.auth.Authenticator;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.SaslPlain;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * RFC 4954 AUTH with PLAIN (RFC 4616) and LOGIN, only under TLS unless smtpd.tls-auth-only is off. Failures go
 * to the service's {@link AuthPenalty} (anvil), per client address and per address and user: every attempt from a
 * guessing address waits longer, and past the limit that address is cut off; the owner elsewhere is not.
 */
final class Auth implements CommandHandler {

    private static final String USERNAME = Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
    private static final String PASSWORD = Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));

    private final Authenticator authenticator;
    private final AuthPenalty penalty;

    Auth(Authenticator authenticator, AuthPenalty penalty) {
        this.authenticator = authenticator;
        this.penalty = penalty;
    }

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        if (s.heloName() == null || !s.esmtp()) {
            s.reply("503 5.5.1 Error: send EHLO first");
            return s.done();
        }
        if (s.authUser() != null) {
            s.reply("503 5.5.1 Error: already authenticated");
            return s.done();
        }
        if (s.envelope() != null) {
            s.reply("503 5.5.1 Error: MAIL transaction in progress");
            return s.done();
        }
        if (!s.tls() && s.config().tlsAuthOnly()) {
            s.reply("538 5.7.11 Encryption required for requested authentication mechanism");
            return s.done();
        }
        if (penalty.blocked(s.clientAddress())) {
            s.close("421 4.7.0 " + s.config().myhostname() + " Error: too many failed authentication attempts");
            return s.done();
        }
        String[] parts = c.argument().split(" ");
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1] : null;
        if (parts.length > 2) {
            s.reply("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
            return s.done();
        }
        switch (mechanism) {
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
                s.reply("504 5.5.4 Unrecognized authentication type");
                return s.done();
            }
        }
    }

    private CompletionStage<?> plain(SmtpSession s, String response) {
        if (response.equals("*")) {
            s.reply("501 5.7.0 Authentication aborted");
            return s.done();
        }
        SaslPlain p = SaslPlain.decode(response.equals("=") ? "" : response);
        if (p == null) {
            s.reply("501 5.5.2 Cannot decode response");
            return s.done();
        }
        if (p.login() == null) {
            return failed(s, p.authcid());
        }
        return verify(s, p.login(), p.password());
    }

    private CompletionStage<?> loginUser(SmtpSession s, String response) {
        if (response.equals("*")) {
            s.reply("501 5.7.0 Authentication aborted");
            return s.done();
        }
        byte[] user = SaslPlain.base64Decode(response);
        if (user == null) {
            s.reply("501 5.5.2 Cannot decode response");
            return s.done();
        }
        s.reply("334 " + PASSWORD);
        String username = new String(user, StandardCharsets.UTF_8);
        s.expectContinuation(resp -> {
            if (resp.equals("*")) {
                s.reply("501 5.7.0 Authentication aborted");
                return s.done();
            }
            byte[] pw = SaslPlain.base64Decode(resp);
            if (pw == null) {
                s.reply("501 5.5.2 Cannot decode response");
                return s.done();
            }
            return verify(s, username, new String(pw, StandardCharsets.UTF_8));
        });
        return s.done();
    }

    private CompletionStage<?> verify(SmtpSession s, String username, String password) {
        AuthPenalty.Verdict verdict = penalty.attempt(s.clientAddress(), username);
        if (verdict.refused()) {
            // This address has guessed too often: refused without asking the store, whatever the password.
            return s.sleep(verdict.delay().toMillis()).thenRun(() -> s.reply("535 5.7.8 Error: authentication failed"));
        }
        // An empty Optional means wrong credentials; null means mailbox-store could not answer.
        return s.sleep(verdict.delay().toMillis())
                .thenCompose(v -> s.onContext(authenticator.authenticate(username, password).map(Optional::ofNullable)
                        .onFailure().recoverWithNull()))
                .thenCompose(result -> {
                    if (result == null) {
                        s.reply("454 4.7.0 Temporary authentication failure");
                        return s.done();
                    }
                    if (result.isEmpty()) {
                        return failed(s, username);
                    }
                    penalty.succeeded(s.clientAddress(), username);
                    s.authenticated(result.get());
                    s.reply("235 2.7.0 Authentication successful");
                    return s.done();
                });
    }

    private CompletionStage<Void> failed(SmtpSession s, String username) {
        penalty.failed(s.clientAddress(), username);
        s.reply("535 5.7.8 Error: authentication failed");
        return s.done();
    }
}
