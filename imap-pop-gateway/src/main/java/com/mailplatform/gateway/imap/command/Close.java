package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.ExpungeDeletedRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** CLOSE (RFC 9051 section 6.4.1): silently expunge (unless read-only), then leave the mailbox. */
final class Close implements CommandHandler<ImapCommand.Close> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Close c, ImapSession s) {
        SelectedMailbox sel = s.selected();
        s.unselect();
        if (sel.readOnly()) {
            return CommandHandler.reply(s, c.tag(), "OK", "CLOSE completed");
        }
        ExpungeDeletedRequest request = ExpungeDeletedRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId()).build();
        return s.call(s.store().expungeDeleted(request)).thenCompose(r -> CommandHandler.reply(s, c.tag(), "OK", "CLOSE completed"));
    }
}
