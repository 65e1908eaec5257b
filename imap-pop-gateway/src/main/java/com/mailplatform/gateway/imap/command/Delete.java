package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** DELETE (RFC 9051 section 6.3.5); INBOX cannot be deleted. Sub-folders stay. */
final class Delete implements CommandHandler<ImapCommand.Delete> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Delete c, ImapSession s) {
        String name = MailboxNames.fromClient(c.mailbox(), s.utf8Names());
        if (name == null || !MailboxNames.valid(name)) {
            // a name no mailbox can have ("" included) never reaches the store (RFC 9051 section 7.1 codes)
            return CommandHandler.reply(s, c.tag(), "NO", "[NONEXISTENT] no such mailbox");
        }
        if (s.selected() != null && s.selected().name().equals(name)) {
            s.unselect();
        }
        return s.call(s.store().deleteFolder(FolderRequest.newBuilder().setAccount(s.account()).setName(name).build()))
                .thenCompose(r -> Create.answer(s, c.tag(), r, "DELETE"));
    }
}
