package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.Flags;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * STORE / UID STORE (RFC 9051 section 6.4.6): FLAGS, +FLAGS, -FLAGS, each with .SILENT. A message another
 * session expunged meanwhile is skipped (no FETCH for it); the EXPUNGE reaches this session later.
 */
final class Store implements CommandHandler<ImapCommand.Store> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Store c, ImapSession s) {
        SelectedMailbox sel = s.selected();
        if (sel.readOnly()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[READ-ONLY] mailbox is read-only");
        }
        java.util.List<String> flags;
        try {
            flags = Flags.settable(c.flags());
        } catch (IllegalArgumentException e) {
            return CommandHandler.reply(s, c.tag(), "BAD", e.getMessage());
        }
        var msns = sel.resolve(c.set(), c.uid());
        if (msns.isEmpty()) {
            return s.finish(c.tag(), "OK", "STORE completed");
        }
        FlagUpdateRequest.Builder request = FlagUpdateRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                .setMode(c.mode() == 0 ? FlagUpdateRequest.Mode.REPLACE : c.mode() > 0 ? FlagUpdateRequest.Mode.ADD : FlagUpdateRequest.Mode.REMOVE)
                .addAllFlags(flags);
        msns.forEach(msn -> request.addUids(sel.at(msn).getUid()));
        return s.call(s.store().updateFlags(request.build())).thenCompose(reply -> {
            if (s.selected() == sel) {
                sel.newKeywords(reply.getUpdatedList()).forEach(s::untagged);
                for (MessageState m : reply.getUpdatedList()) {
                    sel.replace(m);
                    int msn = sel.msnOf(m.getUid());
                    if (!c.silent() && msn > 0) {
                        s.untagged(msn + " FETCH (FLAGS " + Flags.list(sel.flags(m)) + (c.uid() ? " UID " + m.getUid() : "") + ")");
                    }
                }
            }
            return s.finish(c.tag(), "OK", "STORE completed");
        });
    }
}
