package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.Map;

/** The one table from command record to handler. Handlers are stateless; all state is in the session. */
public final class Commands {

    private static final Map<Class<? extends Pop3Command>, CommandHandler<?>> TABLE = Map.ofEntries(
            Map.entry(Pop3Command.User.class, new User()),
            Map.entry(Pop3Command.Pass.class, new Pass()),
            Map.entry(Pop3Command.Stat.class, new Stat()),
            Map.entry(Pop3Command.List.class, new List()),
            Map.entry(Pop3Command.Retr.class, new Retr()),
            Map.entry(Pop3Command.Dele.class, new Dele()),
            Map.entry(Pop3Command.Noop.class, new Noop()),
            Map.entry(Pop3Command.Rset.class, new Rset()),
            Map.entry(Pop3Command.Quit.class, new Quit()),
            Map.entry(Pop3Command.Top.class, new Top()),
            Map.entry(Pop3Command.Uidl.class, new Uidl()),
            Map.entry(Pop3Command.Capa.class, new Capa()),
            Map.entry(Pop3Command.Stls.class, new Stls()));

    private Commands() {
    }

    @SuppressWarnings("unchecked")
    public static <C extends Pop3Command> CommandHandler<C> handlerFor(C command) {
        CommandHandler<?> handler = TABLE.get(command.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + command.keyword());
        }
        return (CommandHandler<C>) handler;
    }
}
