package com.mailplatform.smtp.command;

import com.mailplatform.smtp.policy.RecipientPolicy;
import com.mailplatform.smtp.queue.MessageQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The one table from verb to handler. */
@ApplicationScoped
public class Commands {

    private final Map<String, CommandHandler> table;
    private final Data data;

    public Commands(RecipientPolicy recipients, MessageQueue queue) {
        this.data = new Data(queue);
        this.table = Map.ofEntries(
                Map.entry("EHLO", new Ehlo()),
                Map.entry("HELO", new Helo()),
                Map.entry("MAIL", new Mail()),
                Map.entry("RCPT", new Rcpt(recipients)),
                Map.entry("DATA", data),
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
}
