package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.response.Replies;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.5: aborts the transaction, keeps the greeting. */
final class Rset implements CommandHandler<SmtpCommand.Rset> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Rset c, SmtpSession s) {
        s.resetTransaction();
        return CommandHandler.reply(s, Replies.OK);
    }
}
