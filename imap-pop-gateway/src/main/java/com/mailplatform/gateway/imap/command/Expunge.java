package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.ExpungeDeletedRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** EXPUNGE (RFC 9051 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1). */
final class Expunge implements CommandHandler<ImapCommand.Expunge> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Expunge c, ImapSession s) {
        SelectedMailbox sel = s.selected();
        if (sel.readOnly()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[READ-ONLY] mailbox is read-only");
        }
        ExpungeDeletedRequest.Builder request = ExpungeDeletedRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId());
        if (c.uids() != null) {
            var msns = sel.resolve(c.uids(), true);
            if (msns.isEmpty()) {
                return s.finish(c.tag(), "OK", "EXPUNGE completed");
            }
            msns.forEach(msn -> request.addUids(sel.at(msn).getUid()));
        }
        return s.call(s.store().expungeDeleted(request.build())).thenCompose(r -> {
            if (s.selected() == sel) {
                sel.expunge(r.getExpungedUidsList()).forEach(s::untagged);
            }
            if (s.qresync() && s.selected() == sel) {
                // RFC 7162 section 3.2.10: VANISHED carries no MODSEQ, so the tagged OK tells the new HIGHESTMODSEQ;
                // caught up first, so the value never covers a change the client has not been told of
                return s.sync(true).thenCompose(v -> s.finish(c.tag(), "OK", "[HIGHESTMODSEQ " + sel.modseq() + "] EXPUNGE completed"));
            }
            return s.finish(c.tag(), "OK", "EXPUNGE completed");
        });
    }
}
