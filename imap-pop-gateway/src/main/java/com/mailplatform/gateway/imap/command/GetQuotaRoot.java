package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.common.grpc.mailbox.QuotaRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxNames;
import com.mailplatform.gateway.imap.response.QuotaResponses;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** GETQUOTAROOT (RFC 9208 section 4.3): the mailbox's quota roots, then a QUOTA response for each. */
final class GetQuotaRoot implements CommandHandler<ImapCommand.GetQuotaRoot> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.GetQuotaRoot c, ImapSession s) {
        String name = MailboxNames.normalize(c.mailbox());
        return s.call(s.store().listFolders(FolderListRequest.newBuilder().setAccount(s.account()).build())).thenCompose(folders -> {
            if (MailboxNames.find(name, folders.getFoldersList()) == null) {
                return s.finish(c.tag(), "NO", "[NONEXISTENT] no such mailbox");
            }
            return s.call(s.store().getQuota(QuotaRequest.newBuilder().setAccount(s.account()).build())).thenCompose(q -> {
                s.untagged(QuotaResponses.quotaRoot(c.mailbox(), q));
                if (QuotaResponses.hasRoot(q)) {
                    s.untagged(QuotaResponses.quota(q));
                }
                return s.finish(c.tag(), "OK", "GETQUOTAROOT completed");
            });
        });
    }
}
