package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.5: aborts the transaction, keeps the greeting. */
final class Rset implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        s.resetTransaction();
        s.reply("250 2.0.0 Ok");
        return s.done();
    }
}
