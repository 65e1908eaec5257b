package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderRenameRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** RENAME (RFC 9051 section 6.3.6); renaming INBOX moves its messages to the new name (done by the store). */
final class Rename implements CommandHandler<ImapCommand.Rename> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Rename c, ImapSession s) {
        String from = MailboxNames.fromClient(c.from(), s.utf8Names());
        String to = MailboxNames.fromClient(c.to(), s.utf8Names());
        if (from == null || from.isEmpty()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[NONEXISTENT] no such mailbox");
        }
        if (to == null || !MailboxNames.valid(to) || to.equals("INBOX")) {
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] invalid target name");
        }
        FolderRenameRequest request = FolderRenameRequest.newBuilder().setAccount(s.account()).setFrom(from).setTo(to).build();
        return s.call(s.store().renameFolder(request)).thenCompose(r -> Create.answer(s, c.tag(), r, "RENAME"));
    }
}
