package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 3.5.3. 252 says nothing about whether the user exists, so VRFY cannot harvest addresses. */
final class Vrfy implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        s.reply("252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
        return s.done();
    }
}
