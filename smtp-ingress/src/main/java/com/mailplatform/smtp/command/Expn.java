package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.response.Replies;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 3.5.2 lets a server refuse EXPN; list members are never disclosed. */
final class Expn implements CommandHandler<SmtpCommand.Expn> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Expn c, SmtpSession s) {
        return CommandHandler.reply(s, Replies.NOT_IMPLEMENTED);
    }
}
