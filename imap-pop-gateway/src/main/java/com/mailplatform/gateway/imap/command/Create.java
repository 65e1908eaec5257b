package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderReply;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxNames;
import com.mailplatform.gateway.imap.response.ObjectIds;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** CREATE (RFC 9051 section 6.3.4) with RFC 6154's USE parameter; a trailing delimiter is dropped. */
final class Create implements CommandHandler<ImapCommand.Create> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Create c, ImapSession s) {
        String name = MailboxNames.fromClient(c.mailbox(), s.utf8Names());
        if (name == null) {
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] mailbox name is not valid modified UTF-7");
        }
        if (c.uses().size() > 1) {
            // RFC 6154 section 3: one folder has at most one use here (the store keeps one per folder)
            return CommandHandler.reply(s, c.tag(), "NO", "[USEATTR] only one special use per mailbox");
        }
        if (name.equals("INBOX")) {
            return CommandHandler.reply(s, c.tag(), "NO", "[ALREADYEXISTS] INBOX always exists");
        }
        if (!MailboxNames.valid(name)) {
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] invalid mailbox name");
        }
        String use = c.uses().isEmpty() ? "" : SpecialUseNames.canonical(c.uses().get(0));
        return s.call(s.store().createFolder(FolderRequest.newBuilder().setAccount(s.account()).setName(name).setSpecialUse(use).build()))
                .thenCompose(r -> r.getOk()
                        // RFC 8474 section 4.1: the new mailbox's MAILBOXID in the tagged OK
                        ? s.finish(c.tag(), "OK", "[MAILBOXID (" + ObjectIds.mailboxId(r.getMailboxId()) + ")] CREATE completed")
                        : answer(s, c.tag(), r, "CREATE"));
    }

    /** OK, or NO with the store's response code, for the folder commands. */
    static CompletionStage<Void> answer(ImapSession s, String tag, FolderReply r, String command) {
        return r.getOk() ? s.finish(tag, "OK", command + " completed") : s.finish(tag, "NO", r.getDetail());
    }
}
