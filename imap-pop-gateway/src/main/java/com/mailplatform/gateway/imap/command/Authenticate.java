package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.protocol.SaslPlain;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** AUTHENTICATE PLAIN (RFC 9051 section 6.2.2, RFC 4616) with the initial response of SASL-IR (RFC 4959). */
final class Authenticate implements CommandHandler<ImapCommand.Authenticate> {
    @Override
    public Set<ImapSession.State> validIn() {
        return NOT_AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Authenticate c, ImapSession s) {
        if (!c.mechanism().equals("PLAIN")) {
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] unsupported mechanism");
        }
        if (!s.loginAllowed()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[PRIVACYREQUIRED] use STARTTLS first");
        }
        if (c.initial() != null) {
            return plain(s, c.tag(), c.initial());
        }
        s.write("+ \r\n");
        s.intercept(line -> {
            String text = new String(line, StandardCharsets.US_ASCII).strip();
            if (text.equals("*")) {
                return CommandHandler.reply(s, c.tag(), "BAD", "authentication cancelled");
            }
            return plain(s, c.tag(), text);
        });
        return CommandHandler.done();
    }

    private static CompletionStage<?> plain(ImapSession s, String tag, String base64) {
        if (SaslPlain.base64Decode(base64) == null) {
            return CommandHandler.reply(s, tag, "BAD", "invalid base64");
        }
        SaslPlain plain = SaslPlain.decode(base64);
        if (plain == null || plain.login() == null) {
            return CommandHandler.reply(s, tag, "NO", "[AUTHENTICATIONFAILED] authentication failed");
        }
        return Login.loggedIn(s, tag, s.login(plain.login(), plain.password()));
    }
}
