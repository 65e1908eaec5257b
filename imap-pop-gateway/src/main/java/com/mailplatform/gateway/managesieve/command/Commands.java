package com.mailplatform.gateway.managesieve.command;

import java.util.Map;

/** The one table from command keyword (as the parser knows them) to handler. Handlers are stateless. */
public final class Commands {

    private static final Map<String, SieveHandler> TABLE = Map.ofEntries(
            Map.entry("AUTHENTICATE", new Authenticate()),
            Map.entry("STARTTLS", new StartTls()),
            Map.entry("LOGOUT", new Logout()),
            Map.entry("CAPABILITY", new Capability()),
            Map.entry("NOOP", new Noop()),
            Map.entry("UNAUTHENTICATE", new Unauthenticate()),
            Map.entry("HAVESPACE", new HaveSpace()),
            Map.entry("PUTSCRIPT", new PutScript()),
            Map.entry("CHECKSCRIPT", new CheckScript()),
            Map.entry("LISTSCRIPTS", new ListScripts()),
            Map.entry("SETACTIVE", new SetActive()),
            Map.entry("GETSCRIPT", new GetScript()),
            Map.entry("DELETESCRIPT", new DeleteScript()),
            Map.entry("RENAMESCRIPT", new RenameScript()));

    private Commands() {
    }

    public static SieveHandler handlerFor(String keyword) {
        SieveHandler handler = TABLE.get(keyword);
        if (handler == null) {
            throw new IllegalStateException("no handler for " + keyword);
        }
        return handler;
    }
}
