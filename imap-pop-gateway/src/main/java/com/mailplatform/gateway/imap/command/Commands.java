package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Map;

/** The one table from command record to handler. Handlers are stateless; all state is in the session. */
public final class Commands {

    private static final Map<Class<? extends ImapCommand>, CommandHandler<?>> TABLE = Map.ofEntries(
            Map.entry(ImapCommand.Capability.class, new Capability()),
            Map.entry(ImapCommand.Noop.class, new Noop()),
            Map.entry(ImapCommand.Check.class, new Noop()),
            Map.entry(ImapCommand.Logout.class, new Logout()),
            Map.entry(ImapCommand.StartTls.class, new StartTls()),
            Map.entry(ImapCommand.Authenticate.class, new Authenticate()),
            Map.entry(ImapCommand.Login.class, new Login()),
            Map.entry(ImapCommand.Enable.class, new Enable()),
            Map.entry(ImapCommand.Id.class, new Id()),
            Map.entry(ImapCommand.Select.class, new Select()),
            Map.entry(ImapCommand.Create.class, new Create()),
            Map.entry(ImapCommand.Delete.class, new Delete()),
            Map.entry(ImapCommand.Rename.class, new Rename()),
            Map.entry(ImapCommand.Subscribe.class, new Subscribe()),
            Map.entry(ImapCommand.ListMailboxes.class, new List()),
            Map.entry(ImapCommand.Namespace.class, new Namespace()),
            Map.entry(ImapCommand.Status.class, new Status()),
            Map.entry(ImapCommand.Append.class, new Append()),
            Map.entry(ImapCommand.Idle.class, new Idle()),
            Map.entry(ImapCommand.Close.class, new Close()),
            Map.entry(ImapCommand.Unselect.class, new Unselect()),
            Map.entry(ImapCommand.Expunge.class, new Expunge()),
            Map.entry(ImapCommand.Search.class, new Search()),
            Map.entry(ImapCommand.Fetch.class, new Fetch()),
            Map.entry(ImapCommand.Store.class, new Store()),
            Map.entry(ImapCommand.Copy.class, new Copy()),
            Map.entry(ImapCommand.MultiAppend.class, new MultiAppend()),
            Map.entry(ImapCommand.Unauthenticate.class, new Unauthenticate()),
            Map.entry(ImapCommand.GetQuotaRoot.class, new GetQuotaRoot()),
            Map.entry(ImapCommand.GetQuota.class, new GetQuota()),
            Map.entry(ImapCommand.SetQuota.class, new SetQuota()),
            Map.entry(ImapCommand.Compress.class, new Compress()),

            Map.entry(ImapCommand.Sort.class, new Sort()),
            Map.entry(ImapCommand.Thread.class, new ThreadMessages()));

    private Commands() {
    }

    @SuppressWarnings("unchecked")
    public static <C extends ImapCommand> CommandHandler<C> handlerFor(C command) {
        CommandHandler<?> handler = TABLE.get(command.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + command.name());
        }
        return (CommandHandler<C>) handler;
    }
}
