package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.response.Replies;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.10. */
final class Quit implements CommandHandler<SmtpCommand.Quit> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Quit c, SmtpSession s) {
        s.close(Replies.BYE);
        return s.done();
    }
}
