package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.QuotaRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.QuotaResponses;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** GETQUOTA (RFC 9208 section 4.2); a root that does not exist is a tagged NO. */
final class GetQuota implements CommandHandler<ImapCommand.GetQuota> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.GetQuota c, ImapSession s) {
        if (!c.root().equals(QuotaResponses.ROOT)) {
            return CommandHandler.reply(s, c.tag(), "NO", "[NONEXISTENT] no such quota root");
        }
        return s.call(s.store().getQuota(QuotaRequest.newBuilder().setAccount(s.account()).build())).thenCompose(q -> {
            if (!QuotaResponses.hasRoot(q)) {
                return s.finish(c.tag(), "NO", "[NONEXISTENT] no quota on this account");
            }
            s.untagged(QuotaResponses.quota(q));
            return s.finish(c.tag(), "OK", "GETQUOTA completed");
        });
    }
}
