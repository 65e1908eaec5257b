package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.1, the pre-ESMTP greeting. */
final class Helo implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        if (c.argument().isEmpty() || c.argument().contains(" ")) {
            s.reply("501 5.5.4 Syntax: HELO hostname");
            return s.done();
        }
        return Greeting.greet(s, c.argument(), false, () -> "250 " + s.config().myhostname());
    }
}
