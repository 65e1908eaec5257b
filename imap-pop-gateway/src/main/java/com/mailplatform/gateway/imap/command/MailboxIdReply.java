package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.response.MailboxNames;
import com.mailplatform.gateway.imap.response.ObjectIds;
import java.util.concurrent.CompletionStage;

/** RFC 8474 section 4.1: a successful CREATE answers with the new mailbox's MAILBOXID in its tagged OK. */
final class MailboxIdReply {

    private MailboxIdReply() {
    }

    static CompletionStage<Void> created(ImapSession s, String tag, String name) {
        return s.call(s.store().listFolders(FolderListRequest.newBuilder().setAccount(s.account()).build())).thenCompose(reply -> {
            FolderInfo f = MailboxNames.find(name, reply.getFoldersList());
            // gone again already (another session deleted it): still created, just without an id to tell
            String code = f == null ? "" : "[MAILBOXID (" + ObjectIds.mailboxId(f.getMailboxId()) + ")] ";
            return s.finish(tag, "OK", code + "CREATE completed");
        });
    }
}
