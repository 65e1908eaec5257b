package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.8. */
final class Help implements CommandHandler<SmtpCommand.Help> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Help c, SmtpSession s) {
        return CommandHandler.reply(s, "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP; see RFC 5321");
    }
}
