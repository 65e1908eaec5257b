package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 3.5.2 lets a server refuse EXPN; list members are never disclosed. */
final class Expn implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        s.reply("502 5.5.1 Error: command not implemented");
        return s.done();
    }
}
