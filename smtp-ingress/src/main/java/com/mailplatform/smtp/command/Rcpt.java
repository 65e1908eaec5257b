package com.mailplatform.smtp.command;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.address.ReversePath;
import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.PathArgument;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.parse.SyntaxException;
import com.mailplatform.smtp.policy.RecipientPolicy;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.3; every recipient is decided here, not after DATA. */
final class Rcpt implements CommandHandler {

    private final RecipientPolicy policy;

    Rcpt(RecipientPolicy policy) {
        this.policy = policy;
    }

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        if (s.mailFrom() == null) {
            s.reply("503 5.5.1 Error: need MAIL command");
            return s.done();
        }
        if (s.recipients().size() >= s.config().recipientLimit()) {
            s.reply("452 4.5.3 Error: too many recipients");
            return s.done();
        }
        MailAddress rcpt;
        try {
            PathArgument arg = PathArgument.parse(c.argument(), "TO");
            if (!arg.parameters().isEmpty()) {
                s.reply("555 5.5.4 Unsupported option: " + arg.parameters().keySet().iterator().next());
                return s.done();
            }
            rcpt = ReversePath.parsePath(arg.path());
            if (rcpt == null) {
                s.reply("501 5.1.3 Bad recipient address syntax");
                return s.done();
            }
        } catch (SyntaxException e) {
            s.reply(e.reply());
            return s.done();
        } catch (AddressException e) {
            s.reply("501 5.1.3 Bad recipient address syntax: " + e.getMessage());
            return s.done();
        }
        return s.onContext(policy.decide(rcpt, s.clientAddress())).thenAccept(d -> {
            if (d.accepted() && !s.recipients().contains(d.canonical())) {
                s.recipients().add(d.canonical());
            }
            s.reply(d.reply());
        });
    }
}
