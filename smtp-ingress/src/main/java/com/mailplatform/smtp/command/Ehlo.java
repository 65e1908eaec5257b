package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.1; the keywords advertised are the extensions this server honours. */
final class Ehlo implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        if (c.argument().isEmpty() || c.argument().contains(" ")) {
            s.reply("501 5.5.4 Syntax: EHLO hostname");
            return s.done();
        }
        s.greeted(c.argument(), true);
        s.reply("250-" + s.config().myhostname() + "\r\n"
                + "250-PIPELINING\r\n"
                + "250-SIZE " + s.config().messageSizeLimit() + "\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n"
                + "250 8BITMIME");
        return s.done();
    }
}
