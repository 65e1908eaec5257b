package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.parse.SequenceSet;
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
        boolean conditional = c.unchangedSince() >= 0;
        if (conditional) {
            // RFC 7162 section 3.1.3: STORE (UNCHANGEDSINCE) is a CONDSTORE-enabling command
            s.enableCondstore();
        }
        var msns = sel.resolve(c.set(), c.uid());
        if (msns.isEmpty()) {
            return s.finish(c.tag(), "OK", "STORE completed");
        }
        FlagUpdateRequest.Builder request = FlagUpdateRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                .setMode(c.mode() == 0 ? FlagUpdateRequest.Mode.REPLACE : c.mode() > 0 ? FlagUpdateRequest.Mode.ADD : FlagUpdateRequest.Mode.REMOVE)
                .addAllFlags(flags).setConditional(conditional).setUnchangedSince(Math.max(0, c.unchangedSince()));
        msns.forEach(msn -> request.addUids(sel.at(msn).getUid()));
        return s.call(s.store().updateFlags(request.build())).thenCompose(reply -> {
            if (s.selected() == sel) {
                sel.newKeywords(reply.getUpdatedList()).forEach(s::untagged);
                for (MessageState m : reply.getUpdatedList()) {
                    sel.replace(m);
                    int msn = sel.msnOf(m.getUid());
                    boolean withUid = c.uid() || s.qresync();
                    if (!c.silent() && msn > 0) {
                        s.untagged(msn + " FETCH (FLAGS " + Flags.list(sel.flags(m)) + (withUid ? " UID " + m.getUid() : "")
                                + sel.modseqItem(m) + ")");
                    } else if (msn > 0 && sel.condstore()) {
                        // RFC 7162 section 3.1.3: with CONDSTORE on, .SILENT still tells the new MODSEQ (without FLAGS)
                        s.untagged(msn + " FETCH (" + (withUid ? "UID " + m.getUid() + " " : "") + "MODSEQ (" + m.getModseq() + "))");
                    }
                }
            }
            if (reply.getModifiedUidsCount() > 0) {
                // RFC 7162 section 3.1.3: the messages that failed UNCHANGEDSINCE, as UIDs for UID STORE, else numbers
                java.util.List<Long> failed = new java.util.ArrayList<>();
                for (long uid : reply.getModifiedUidsList()) {
                    long n = c.uid() ? uid : sel.msnOf(uid);
                    if (n > 0) {
                        failed.add(n);
                    }
                }
                java.util.Collections.sort(failed);
                if (!failed.isEmpty()) {
                    return s.finish(c.tag(), "OK", "[MODIFIED " + SequenceSet.format(failed) + "] conditional STORE failed");
                }
            }
            return s.finish(c.tag(), "OK", "STORE completed");
        });
    }
}
