package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.response.Replies;
import java.util.concurrent.CompletionStage;

/** RFC 3207. */
final class StartTls implements CommandHandler<SmtpCommand.StartTls> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.StartTls c, SmtpSession s) {
        if (!s.tlsAvailable()) {
            return CommandHandler.reply(s, Replies.NOT_IMPLEMENTED);
        }
        if (s.tls()) {
            return CommandHandler.reply(s, Replies.TLS_ACTIVE);
        }
        return s.startTls();
    }
}
