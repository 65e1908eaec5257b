package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.1, the pre-ESMTP greeting. */
final class Helo implements CommandHandler<SmtpCommand.Helo> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Helo c, SmtpSession s) {
        return Greeting.greet(s, c.domain(), false, () -> "250 " + s.config().myhostname());
    }
}
