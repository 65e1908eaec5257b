package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** STATUS (RFC 9051 section 6.3.11) with SIZE/DELETED and RFC 7889's APPENDLIMIT. */
final class Status implements CommandHandler<ImapCommand.Status> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Status c, ImapSession s) {
        if (c.items().stream().anyMatch(i -> i.equalsIgnoreCase("HIGHESTMODSEQ"))) {
            // RFC 7162 section 3.1: STATUS (HIGHESTMODSEQ) is a CONDSTORE-enabling command
            s.enableCondstore();
        }
        String name = MailboxNames.fromClient(c.mailbox(), s.utf8Names());
        if (name == null) {
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] mailbox name is not valid modified UTF-7");
        }
        return s.call(s.store().listFolders(FolderListRequest.newBuilder().setAccount(s.account()).build())).thenCompose(reply -> {
            FolderInfo f = MailboxNames.find(name, reply.getFoldersList());
            if (f == null) {
                return s.finish(c.tag(), "NO", "[NONEXISTENT] no such mailbox");
            }
            String line;
            try {
                line = MailboxNames.status(f, c.items(), s.config().maxLiteralBytes(), s.utf8Names());
            } catch (IllegalArgumentException e) {
                return CommandHandler.reply(s, c.tag(), "BAD", e.getMessage());
            }
            s.untagged(line);
            return s.finish(c.tag(), "OK", "STATUS completed");
        });
    }
}
