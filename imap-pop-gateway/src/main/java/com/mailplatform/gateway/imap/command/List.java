package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * LIST (RFC 9051 section 6.3.9 with RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE) and
 * RFC 3501's LSUB.
 */
final class List implements CommandHandler<ImapCommand.ListMailboxes> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.ListMailboxes c, ImapSession s) {
        String verb = c.lsub() ? "LSUB" : "LIST";
        if (!c.lsub() && c.patterns().size() == 1 && c.patterns().get(0).isEmpty()) {
            // RFC 9051 section 6.3.9: the delimiter and the root
            s.untagged("LIST (\\Noselect) \"/\" \"\"");
            return s.finish(c.tag(), "OK", "LIST completed");
        }
        boolean subscribedOnly = c.lsub() || c.selectOptions().contains("SUBSCRIBED");
        boolean specialOnly = c.selectOptions().contains("SPECIAL-USE");
        boolean showSubscribed = c.returnOptions().contains("SUBSCRIBED") || c.selectOptions().contains("SUBSCRIBED");
        for (String item : c.statusItems()) {
            if (!java.util.List.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE", "DELETED", "APPENDLIMIT").contains(item)) {
                return CommandHandler.reply(s, c.tag(), "BAD", "unknown status item " + item);
            }
        }
        return s.call(s.store().listFolders(FolderListRequest.newBuilder().setAccount(s.account()).build())).thenCompose(reply -> {
            java.util.List<FolderInfo> all = reply.getFoldersList();
            Set<FolderInfo> matched = new LinkedHashSet<>();
            for (String pattern : c.patterns()) {
                String full = MailboxNames.normalize(c.reference() + pattern);
                for (FolderInfo f : all) {
                    if (MailboxNames.matches(full, f.getName())) {
                        matched.add(f);
                    }
                }
            }
            for (FolderInfo f : matched) {
                if ((subscribedOnly && !f.getSubscribed()) || (specialOnly && f.getSpecialUse().isEmpty())) {
                    continue;
                }
                java.util.List<String> attrs = new ArrayList<>();
                if (!c.lsub()) {
                    attrs.add(MailboxNames.hasChildren(f.getName(), all) ? "\\HasChildren" : "\\HasNoChildren");
                    if (showSubscribed && f.getSubscribed()) {
                        attrs.add("\\Subscribed");
                    }
                    if (!f.getSpecialUse().isEmpty()) {
                        attrs.add(f.getSpecialUse());
                    }
                }
                s.untagged(verb + " (" + String.join(" ", attrs) + ") \"/\" " + MailboxNames.quoted(f.getName()));
                if (!c.statusItems().isEmpty()) {
                    s.untagged(MailboxNames.status(f, c.statusItems(), s.config().maxLiteralBytes()));
                }
            }
            return s.finish(c.tag(), "OK", verb + " completed");
        });
    }
}
