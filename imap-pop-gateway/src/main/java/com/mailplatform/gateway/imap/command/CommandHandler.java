package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs one command on the session's event loop. The session has already checked {@link #validIn()}; the stage
 * completes once the tagged reply is written, so pipelined commands are answered in order.
 */
public interface CommandHandler<C extends ImapCommand> {

    Set<ImapSession.State> ANY = EnumSet.of(ImapSession.State.NOT_AUTHENTICATED, ImapSession.State.AUTHENTICATED, ImapSession.State.SELECTED);
    Set<ImapSession.State> NOT_AUTHENTICATED = EnumSet.of(ImapSession.State.NOT_AUTHENTICATED);
    Set<ImapSession.State> AUTHENTICATED = EnumSet.of(ImapSession.State.AUTHENTICATED, ImapSession.State.SELECTED);
    Set<ImapSession.State> SELECTED = EnumSet.of(ImapSession.State.SELECTED);

    Set<ImapSession.State> validIn();

    CompletionStage<?> handle(C command, ImapSession session);

    static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /** A tagged reply written at once, without looking for mailbox changes first. */
    static CompletionStage<Void> reply(ImapSession session, String tag, String status, String text) {
        session.write(tag + " " + status + " " + text + "\r\n");
        return done();
    }
}
