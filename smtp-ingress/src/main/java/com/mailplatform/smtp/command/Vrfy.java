package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 3.5.3. 252 says nothing about whether the user exists, so VRFY cannot harvest addresses. */
final class Vrfy implements CommandHandler<SmtpCommand.Vrfy> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Vrfy c, SmtpSession s) {
        return CommandHandler.reply(s, "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
    }
}
