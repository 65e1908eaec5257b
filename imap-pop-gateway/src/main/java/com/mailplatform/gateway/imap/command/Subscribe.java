package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderSubscribeRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** SUBSCRIBE and UNSUBSCRIBE (RFC 9051 sections 6.3.7, 6.3.8). */
final class Subscribe implements CommandHandler<ImapCommand.Subscribe> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Subscribe c, ImapSession s) {
        String name = MailboxNames.fromClient(c.mailbox(), s.utf8Names());
        if (name == null || name.isEmpty()) {
            return CommandHandler.reply(s, c.tag(), "NO", "[CANNOT] mailbox name is not valid modified UTF-7");
        }
        FolderSubscribeRequest request = FolderSubscribeRequest.newBuilder().setAccount(s.account())
                .setName(name).setSubscribed(c.subscribe()).build();
        return s.call(s.store().subscribeFolder(request))
                .thenCompose(r -> Create.answer(s, c.tag(), r, c.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE"));
    }
}
