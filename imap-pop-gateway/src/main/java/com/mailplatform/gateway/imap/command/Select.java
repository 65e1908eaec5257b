package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.Flags;
import com.mailplatform.gateway.imap.response.MailboxNames;
import com.mailplatform.gateway.imap.parse.SelectParams;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** SELECT and EXAMINE (RFC 9051 sections 6.3.2, 6.3.3; RFC 3501 section 6.3.1 for the rev1 responses). */
final class Select implements CommandHandler<ImapCommand.Select> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Select c, ImapSession s) {
        SelectParams.Qresync qresync = c.params().qresync();
        if (qresync != null && !s.qresync()) {
            // RFC 7162 section 3.2.5: the QRESYNC parameter before ENABLE QRESYNC is an error
            return CommandHandler.reply(s, c.tag(), "BAD", "QRESYNC is not enabled");
        }
        boolean wasSelected = s.selected() != null;
        // a failed SELECT also leaves the previous mailbox deselected (RFC 9051 section 6.3.2)
        s.unselect();
        if (wasSelected) {
            // RFC 7162 section 3.2.11 (and RFC 9051): the boundary between the old mailbox's responses and the new one's
            s.untagged("OK [CLOSED] previous mailbox closed");
        }
        if (c.params().condstore()) {
            // RFC 7162 section 3.1.8: SELECT (CONDSTORE) is a CONDSTORE-enabling command
            s.enableCondstore();
        }
        String name = MailboxNames.fromClient(c.mailbox(), s.utf8Names());
        if (name == null || !MailboxNames.valid(name)) {
            // a name no mailbox can have ("" included) never reaches the store (RFC 9051 section 7.1 codes)
            return CommandHandler.reply(s, c.tag(), "NO", "[NONEXISTENT] no such mailbox");
        }
        // a rev1 SELECT takes the folder's \Recent messages; EXAMINE only reports them (RFC 3501 sections 2.3.2,
        // 6.3.2); rev2 has no \Recent (RFC 9051 appendix E)
        FolderRequest request = FolderRequest.newBuilder().setAccount(s.account()).setName(name)
                .setClaimRecent(!c.readOnly() && !s.rev2()).build();
        return s.call(s.store().openFolder(request)).thenCompose(snap -> {
            if (!snap.getFound()) {
                return CommandHandler.reply(s, c.tag(), "NO", "[NONEXISTENT] no such mailbox");
            }
            SelectedMailbox mailbox = new SelectedMailbox(snap.getFolder(), snap.getMessagesList(), c.readOnly());
            if (!s.rev2()) {
                mailbox.markRecent(snap.getRecentAfterUid(), snap.getRecentThroughUid());
            }
            // RFC 7162 section 3.2.5.2: a UIDVALIDITY that changed makes the client start over; the parameter is ignored
            boolean resync = qresync != null && qresync.uidvalidity() == mailbox.uidvalidity();
            CompletionStage<String> vanished = resync ? Qresync.vanishedEarlier(s, mailbox, qresync.modseq(), qresync.knownUids())
                    : CompletableFuture.completedFuture(null);
            return vanished.thenCompose(v -> opened(c, s, mailbox, v, resync ? Qresync.changedSince(mailbox, qresync.modseq(), qresync.knownUids())
                    : List.of()));
        });
    }

    private static CompletionStage<Void> opened(ImapCommand.Select c, ImapSession s, SelectedMailbox mailbox, String vanished, List<String> changed) {
        s.select(mailbox);
        mailbox.flagsResponses().forEach(s::untagged);
        s.untagged(mailbox.exists() + " EXISTS");
        if (!s.rev2()) {
            s.untagged(mailbox.recentCount() + " RECENT");
            for (int msn = 1; msn <= mailbox.exists(); msn++) {
                MessageState m = mailbox.at(msn);
                if (!Flags.has(m.getFlagsList(), "\\Seen")) {
                    s.untagged("OK [UNSEEN " + msn + "] first unseen");
                    break;
                }
            }
        }
        s.untagged("OK [UIDVALIDITY " + mailbox.uidvalidity() + "] UIDs valid");
        s.untagged("OK [UIDNEXT " + mailbox.uidnext() + "] predicted next UID");
        s.untagged("OK [MAILBOXID (" + com.mailplatform.gateway.imap.response.ObjectIds.mailboxId(mailbox.mailboxId()) + ")] Ok");
        // RFC 7162 section 3.1.2.1: every successful SELECT/EXAMINE of a mailbox with persistent MODSEQs
        s.untagged("OK [HIGHESTMODSEQ " + mailbox.modseq() + "] highest");
        if (s.rev2()) {
            s.untagged("LIST () \"/\" " + MailboxNames.toClient(mailbox.name(), s.utf8Names()));
        }
        if (vanished != null) {
            s.untagged(vanished);
        }
        changed.forEach(s::untagged);
        return CommandHandler.reply(s, c.tag(), "OK", (c.readOnly() ? "[READ-ONLY] EXAMINE" : "[READ-WRITE] SELECT") + " completed");
    }
}
