package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.10. */
final class Quit implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        s.close("221 2.0.0 Bye");
        return s.done();
    }
}
