package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.CopyRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.parse.SequenceSet;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** COPY (RFC 9051 section 6.4.7) and MOVE (RFC 6851), answering COPYUID (RFC 4315). */
final class Copy implements CommandHandler<ImapCommand.Copy> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Copy c, ImapSession s) {
        SelectedMailbox sel = s.selected();
        String verb = c.move() ? "MOVE" : "COPY";
        if (c.move() && sel.readOnly()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[READ-ONLY] mailbox is read-only");
        }
        var msns = sel.resolve(c.set(), c.uid());
        if (msns.isEmpty()) {
            return s.finish(c.tag(), "OK", verb + " completed");
        }
        String target = MailboxNames.fromClient(c.mailbox(), s.utf8Names());
        if (target == null || target.isEmpty()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[TRYCREATE] no such mailbox");
        }
        CopyRequest.Builder request = CopyRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                .setTarget(target).setMove(c.move());
        msns.forEach(msn -> request.addUids(sel.at(msn).getUid()));
        return s.call(s.store().copyMessages(request.build())).thenCompose(r -> {
            if (!r.getTargetFound()) {
                return s.finish(c.tag(), "NO", r.getDetail());
            }
            if (r.getSourceUidsCount() == 0) {
                return r.getDetail().isEmpty() ? s.finish(c.tag(), "OK", verb + " completed") : s.finish(c.tag(), "NO", r.getDetail());
            }
            String copyuid = "[COPYUID " + r.getTargetUidvalidity() + " " + SequenceSet.format(r.getSourceUidsList()) + " "
                    + SequenceSet.format(r.getTargetUidsList()) + "]";
            // into the selected mailbox: the new messages' EXISTS in this response, as Dovecot does (other sessions'
            // EXPUNGEs only with UID COPY, as finish() does; MOVE sends its own anyway)
            boolean intoSelected = s.selected() == sel && sel.name().equals(MailboxNames.normalize(c.mailbox()));
            if (!c.move()) {
                return (intoSelected ? s.sync(true, c.uid()) : CommandHandler.done())
                        .thenCompose(v -> s.finish(c.tag(), "OK", copyuid + " COPY completed"));
            }
            // RFC 6851 section 4.3: COPYUID goes in an untagged OK before the EXPUNGEs
            s.untagged("OK " + copyuid + " moved");
            if (s.selected() == sel) {
                sel.expunge(r.getSourceUidsList()).forEach(s::untagged);
            }
            return (intoSelected ? s.sync(true) : CommandHandler.done()).thenCompose(v -> s.finish(c.tag(), "OK", "MOVE completed"));
        });
    }
}
