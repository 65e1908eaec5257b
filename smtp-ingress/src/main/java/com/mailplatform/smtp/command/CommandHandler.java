package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** One SMTP verb. The returned stage completes when the reply is written; the next line waits for it. */
public interface CommandHandler {
    CompletionStage<?> handle(SmtpSession session, SmtpCommand command);
}
