package com.mailplatform.gateway.imap.command;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AppendItem;
import com.mailplatform.common.grpc.mailbox.AppendRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.parse.SequenceSet;
import com.mailplatform.gateway.imap.response.Flags;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * MULTIAPPEND (RFC 3502): the messages of one APPEND go to the store in one request, which commits all of them or
 * none (RFC 3502 section 6.3.11); APPENDUID then names the uid-set (RFC 4315 section 3).
 */
final class MultiAppend implements CommandHandler<ImapCommand.MultiAppend> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.MultiAppend c, ImapSession s) {
        String name = MailboxNames.normalize(c.mailbox());
        if (!MailboxNames.valid(name)) {
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] invalid mailbox name");
        }
        List<AppendItem> items = new ArrayList<>();
        for (ImapCommand.Append m : c.messages()) {
            try {
                items.add(AppendItem.newBuilder().setContent(ByteString.copyFrom(m.message())).addAllFlags(Flags.settable(m.flags()))
                        .setInternalDateMillis(m.internalDate() == null ? 0 : m.internalDate().toInstant().toEpochMilli()).build());
            } catch (IllegalArgumentException e) {
                return CommandHandler.reply(s, c.tag(), "BAD", e.getMessage());
            }
            if (m.message().length == 0) {
                return CommandHandler.reply(s, c.tag(), "NO", "empty message");
            }
        }
        AppendItem first = items.get(0);
        AppendRequest request = AppendRequest.newBuilder().setAccount(s.account()).setFolder(name).setContent(first.getContent())
                .addAllFlags(first.getFlagsList()).setInternalDateMillis(first.getInternalDateMillis())
                .addAllMore(items.subList(1, items.size())).build();
        return s.call(s.store().appendMessage(request)).thenCompose(r -> {
            if (!r.getFolderFound() || r.getUid() == 0) {
                return s.finish(c.tag(), "NO", r.getDetail().isEmpty() ? "[TRYCREATE] no such mailbox" : r.getDetail());
            }
            List<Long> uids = new ArrayList<>();
            uids.add(r.getUid());
            uids.addAll(r.getMoreUidsList());
            boolean intoSelected = s.selected() != null && s.selected().name().equals(name);
            CompletionStage<Void> told = intoSelected ? s.sync(true) : CommandHandler.done();
            return told.thenCompose(v -> s.finish(c.tag(), "OK", "[APPENDUID " + r.getUidvalidity() + " " + SequenceSet.format(uids)
                    + "] APPEND completed"));
        });
    }
}
