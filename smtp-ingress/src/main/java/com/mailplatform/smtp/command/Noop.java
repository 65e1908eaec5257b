package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.response.Replies;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.9. */
final class Noop implements CommandHandler<SmtpCommand.Noop> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Noop c, SmtpSession s) {
        return CommandHandler.reply(s, Replies.OK);
    }
}
