package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.auth.Authenticator;
import com.mailplatform.smtp.auth.SaslPlain;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.policy.ClientLimits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * RFC 4954 AUTH with PLAIN (RFC 4616) and LOGIN, only under TLS unless smtpd.tls-auth-only is off. Failures are
 * delayed more with each one and counted per client address and per account; past the limit the client is cut
 * off (password guessing gets slow and then impossible).
 */
final class Auth implements CommandHandler {

    private static final String USERNAME = Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
    private static final String PASSWORD = Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));

    private final Authenticator authenticator;
    private final ClientLimits limits;

    Auth(Authenticator authenticator, ClientLimits limits) {
        this.authenticator = authenticator;
        this.limits = limits;
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
        if (limits.authFailures(s.clientAddress(), null) >= s.config().authFailureLimit()) {
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
        if (!p.authzid().isEmpty() && !p.authzid().equalsIgnoreCase(p.authcid())) {
            // Acting as another user (proxy authorization) is not offered.
            return failed(s, p.authcid());
        }
        return verify(s, p.authcid(), p.password());
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
        if (limits.authFailures(s.clientAddress(), username) >= s.config().authFailureLimit()) {
            // The account is under attack: refuse without asking the store, whatever the password.
            return failed(s, username);
        }
        // An empty Optional means wrong credentials; null means mailbox-store could not answer.
        return s.onContext(authenticator.authenticate(username, password).map(Optional::ofNullable)
                        .onFailure().recoverWithNull())
                .thenCompose(result -> {
                    if (result == null) {
                        s.reply("454 4.7.0 Temporary authentication failure");
                        return s.done();
                    }
                    if (result.isEmpty()) {
                        return failed(s, username);
                    }
                    s.authenticated(result.get());
                    s.reply("235 2.7.0 Authentication successful");
                    return s.done();
                });
    }

    private CompletionStage<Void> failed(SmtpSession s, String username) {
        limits.authFailed(s.clientAddress(), username);
        int failures = limits.authFailures(s.clientAddress(), username);
        long delay = s.config().authFailureDelay().toMillis() * Math.min(failures, 10);
        return s.sleep(delay).thenRun(() -> s.reply("535 5.7.8 Error: authentication failed"));
    }
}
