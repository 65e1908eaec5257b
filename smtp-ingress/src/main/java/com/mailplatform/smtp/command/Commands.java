package com.mailplatform.smtp.command;

import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.auth.Authenticator;
import com.mailplatform.smtp.filter.FilterChain;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.policy.ClientLimits;
import com.mailplatform.smtp.policy.RecipientPolicy;
import com.mailplatform.smtp.policy.SenderLogin;
import com.mailplatform.smtp.queue.MessageQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The one table from command record to handler. */
@ApplicationScoped
public class Commands {

    private final Map<Class<? extends SmtpCommand>, CommandHandler<?>> table;
    private final Bdat bdat;
    private final Cleanup cleanup;
    private final boolean tlsAvailable;
    private final FilterChain filters;

    public Commands(SmtpConfig config, RecipientPolicy recipients, SenderLogin senderLogin, ClientLimits limits,
                    Authenticator authenticator, AuthPenalty penalty, FilterChain filters, MessageQueue queue) {
        this.filters = filters;
        this.cleanup = new Cleanup(filters, queue);
        this.bdat = new Bdat(cleanup);
        this.tlsAvailable = config.tlsCertFile().filter(s -> !s.isBlank()).isPresent()
                && config.tlsKeyFile().filter(s -> !s.isBlank()).isPresent();
        this.table = Map.ofEntries(
                Map.entry(SmtpCommand.Ehlo.class, new Ehlo()),
                Map.entry(SmtpCommand.Helo.class, new Helo()),
                Map.entry(SmtpCommand.StartTls.class, new StartTls()),
                Map.entry(SmtpCommand.Auth.class, new Auth(authenticator, penalty)),
                Map.entry(SmtpCommand.Mail.class, new Mail(senderLogin, limits)),
                Map.entry(SmtpCommand.Rcpt.class, new Rcpt(recipients, limits)),
                Map.entry(SmtpCommand.Data.class, new Data()),
                Map.entry(SmtpCommand.Bdat.class, bdat),
                Map.entry(SmtpCommand.Rset.class, new Rset()),
                Map.entry(SmtpCommand.Noop.class, new Noop()),
                Map.entry(SmtpCommand.Quit.class, new Quit()),
                Map.entry(SmtpCommand.Vrfy.class, new Vrfy()),
                Map.entry(SmtpCommand.Expn.class, new Expn()),
                Map.entry(SmtpCommand.Help.class, new Help()));
    }

    /** Every record has its handler (the table is complete, see CommandsTest). */
    @SuppressWarnings("unchecked")
    public CommandHandler<SmtpCommand> handlerFor(SmtpCommand command) {
        return (CommandHandler<SmtpCommand>) table.get(command.getClass());
    }

    /** The end of the message (DATA's end marker, BDAT LAST): Postfix's cleanup. */
    public Cleanup cleanup() {
        return cleanup;
    }

    public Bdat bdat() {
        return bdat;
    }

    public FilterChain filters() {
        return filters;
    }

    public boolean tlsAvailable() {
        return tlsAvailable;
    }
}
