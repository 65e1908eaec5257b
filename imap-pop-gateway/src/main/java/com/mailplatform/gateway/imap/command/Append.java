package com.mailplatform.gateway.imap.command;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AppendRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.Flags;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** APPEND (RFC 9051 section 6.3.12) answering APPENDUID (RFC 4315); the store parses the MIME off its event loop. */
final class Append implements CommandHandler<ImapCommand.Append> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Append c, ImapSession s) {
        java.util.List<String> flags;
        try {
            flags = Flags.settable(c.flags());
        } catch (IllegalArgumentException e) {
            return CommandHandler.reply(s, c.tag(), "BAD", e.getMessage());
        }
        if (c.message().length == 0) {
            return CommandHandler.reply(s, c.tag(), "NO", "empty message");
        }
        String name = MailboxNames.fromClient(c.mailbox(), s.utf8Names());
        if (name == null || !MailboxNames.valid(name)) {
            // a name no mailbox can have ("" included) never reaches the store (RFC 9051 section 7.1 codes)
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] invalid mailbox name");
        }
        AppendRequest request = AppendRequest.newBuilder().setAccount(s.account()).setFolder(name)
                .setContent(ByteString.copyFrom(c.message())).addAllFlags(flags)
                .setInternalDateMillis(c.internalDate() == null ? 0 : c.internalDate().toInstant().toEpochMilli()).build();
        return s.call(s.store().appendMessage(request)).thenCompose(r -> {
            if (!r.getFolderFound() || r.getUid() == 0) {
                return s.finish(c.tag(), "NO", r.getDetail().isEmpty() ? "[TRYCREATE] no such mailbox" : r.getDetail());
            }
            boolean intoSelected = s.selected() != null && s.selected().name().equals(name);
            CompletionStage<Void> told = intoSelected ? s.sync(true) : CommandHandler.done();
            return told.thenCompose(v -> s.finish(c.tag(), "OK", "[APPENDUID " + r.getUidvalidity() + " " + r.getUid() + "] APPEND completed"));
        });
    }
}
