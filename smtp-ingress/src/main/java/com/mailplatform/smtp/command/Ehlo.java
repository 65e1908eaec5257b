package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.1; the keywords advertised are the extensions this server honours in this state. */
final class Ehlo implements CommandHandler<SmtpCommand.Ehlo> {

    @Override
    public CompletionStage<?> handle(SmtpCommand.Ehlo c, SmtpSession s) {
        return Greeting.greet(s, c.domain(), true, () -> keywords(s));
    }

    private static String keywords(SmtpSession s) {
        StringBuilder r = new StringBuilder("250-").append(s.config().myhostname()).append("\r\n")
                .append("250-PIPELINING\r\n")                                             // RFC 2920
                .append("250-SIZE ").append(s.config().messageSizeLimit()).append("\r\n"); // RFC 1870
        if (s.tlsAvailable() && !s.tls()) {
            r.append("250-STARTTLS\r\n");                                                 // RFC 3207
        }
        if (s.authUser() == null && (s.tls() || !s.config().tlsAuthOnly())) {
            r.append("250-AUTH PLAIN LOGIN\r\n");                                          // RFC 4954
        }
        r.append("250-ENHANCEDSTATUSCODES\r\n")                                           // RFC 2034
                .append("250-8BITMIME\r\n")                                               // RFC 6152
                .append("250-DSN\r\n")                                                    // RFC 3461
                .append("250-SMTPUTF8\r\n")                                               // RFC 6531
                .append("250 CHUNKING");                                                  // RFC 3030
        return r.toString();
    }
}
