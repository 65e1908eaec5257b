package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 3207. */
final class StartTls implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        if (!s.tlsAvailable()) {
            s.reply("502 5.5.1 Error: command not implemented");
        } else if (s.tls()) {
            s.reply("554 5.5.1 Error: TLS already active");
        } else if (!c.argument().isEmpty()) {
            s.reply("501 5.5.4 Syntax: STARTTLS");
        } else {
            return s.startTls();
        }
        return s.done();
    }
}
