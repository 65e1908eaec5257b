package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderChangesRequest;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.SequenceSet;
import com.mailplatform.gateway.imap.response.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * QRESYNC's resynchronization (RFC 7162 sections 3.2.5 and 3.2.6): the UIDs expunged since the client's MODSEQ as
 * {@code VANISHED (EARLIER)}, then the messages changed since it. The store keeps every expunge tombstone (nothing
 * prunes the {@code expunged} table), so the answer is exact and the client's seq-match-data is not needed; should
 * tombstones ever be pruned, the rule of section 3.2.5.2 applies: report every known UID that no longer exists
 * (more VANISHED than needed is allowed).
 */
final class Qresync {

    private Qresync() {
    }

    /**
     * The {@code VANISHED (EARLIER)} line (null when nothing vanished) for UIDs expunged above {@code since}, within
     * {@code within} (null = any UID). UIDs the session still shows are left out: they were expunged after the
     * session's snapshot and will be told by a plain VANISHED when the session catches up, so the client's numbering
     * never gets ahead of the session's.
     */
    static CompletionStage<String> vanishedEarlier(ImapSession s, SelectedMailbox sel, long since, SequenceSet within) {
        FolderChangesRequest request = FolderChangesRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                .setSinceModseq(since).setExpungedOnly(true).build();
        return s.call(s.store().folderChanges(request)).thenApply(reply -> {
            List<Long> gone = new ArrayList<>();
            long largest = Math.max(sel.uidnext() - 1, 1);
            for (long uid : reply.getExpungedUidsList()) {
                if ((within == null || within.contains(uid, largest)) && sel.msnOf(uid) == 0) {
                    gone.add(uid);
                }
            }
            return gone.isEmpty() ? null : "VANISHED (EARLIER) " + SequenceSet.format(gone);
        });
    }

    /** FETCH (UID FLAGS MODSEQ) of every message changed above {@code since}, within {@code known} (null = all). */
    static List<String> changedSince(SelectedMailbox sel, long since, SequenceSet known) {
        List<String> lines = new ArrayList<>();
        long largest = Math.max(sel.uidnext() - 1, 1);
        for (int msn = 1; msn <= sel.exists(); msn++) {
            MessageState m = sel.at(msn);
            if (m.getModseq() > since && (known == null || known.contains(m.getUid(), largest))) {
                lines.add(msn + " FETCH (UID " + m.getUid() + " FLAGS " + Flags.list(m.getFlagsList()) + " MODSEQ (" + m.getModseq() + "))");
            }
        }
        return lines;
    }
}
