package com.mailplatform.smtp.command;

import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.auth.Authenticator;
import com.mailplatform.smtp.filter.FilterChain;
import com.mailplatform.smtp.policy.ClientLimits;
import com.mailplatform.smtp.policy.RecipientPolicy;
import com.mailplatform.smtp.policy.SenderLogin;
import com.mailplatform.smtp.queue.MessageQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The one table from verb to handler. */
@ApplicationScoped
public class Commands {

    private final Map<String, CommandHandler> table;
    private final Data data;
    private final Bdat bdat;
    private final boolean tlsAvailable;
    private final FilterChain filters;

    public Commands(SmtpConfig config, RecipientPolicy recipients, SenderLogin senderLogin, ClientLimits limits,
                    Authenticator authenticator, AuthPenalty penalty, FilterChain filters, MessageQueue queue) {
        this.filters = filters;
        EndOfMessage end = new EndOfMessage(filters, queue);
        this.data = new Data(end);
        this.bdat = new Bdat(end);
        this.tlsAvailable = config.tlsCertFile().filter(s -> !s.isBlank()).isPresent()
                && config.tlsKeyFile().filter(s -> !s.isBlank()).isPresent();
        this.table = Map.ofEntries(
                Map.entry("EHLO", new Ehlo()),
                Map.entry("HELO", new Helo()),
                Map.entry("STARTTLS", new StartTls()),
                Map.entry("AUTH", new Auth(authenticator, penalty)),
                Map.entry("MAIL", new Mail(senderLogin, limits)),
                Map.entry("RCPT", new Rcpt(recipients, limits)),
                Map.entry("DATA", data),
                Map.entry("BDAT", bdat),
                Map.entry("RSET", new Rset()),
                Map.entry("NOOP", new Noop()),
                Map.entry("QUIT", new Quit()),
                Map.entry("VRFY", new Vrfy()),
                Map.entry("EXPN", new Expn()),
                Map.entry("HELP", new Help()));
    }

    public CommandHandler get(String verb) {
        return table.get(verb);
    }

    public Data data() {
        return data;
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
