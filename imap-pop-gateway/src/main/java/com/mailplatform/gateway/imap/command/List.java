package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.MailboxListing;
import com.mailplatform.gateway.imap.response.MailboxNames;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * LIST (RFC 9051 section 6.3.9 with RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE) and
 * RFC 3501's LSUB. Which names and attributes: {@link MailboxListing}.
 */
final class List implements CommandHandler<ImapCommand.ListMailboxes> {

    /** RFC 5258 section 6 and RFC 6154 section 6; anything else is BAD (RFC 5258 section 3). */
    private static final Set<String> SELECT = Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
    private static final Set<String> RETURN = Set.of("SUBSCRIBED", "CHILDREN", "STATUS", "SPECIAL-USE");

    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.ListMailboxes c, ImapSession s) {
        String verb = c.lsub() ? "LSUB" : "LIST";
        for (String opt : c.selectOptions()) {
            if (!SELECT.contains(opt)) {
                return CommandHandler.reply(s, c.tag(), "BAD", "unknown selection option " + opt);
            }
        }
        for (String opt : c.returnOptions()) {
            if (!RETURN.contains(opt)) {
                return CommandHandler.reply(s, c.tag(), "BAD", "unknown return option " + opt);
            }
        }
        boolean selectSubscribed = c.selectOptions().contains("SUBSCRIBED");
        boolean selectSpecialUse = c.selectOptions().contains("SPECIAL-USE");
        boolean recursive = c.selectOptions().contains("RECURSIVEMATCH");
        if (recursive && !selectSubscribed && !selectSpecialUse) {
            // RFC 5258 section 3.1: RECURSIVEMATCH alone (or with REMOTE only) is BAD
            return CommandHandler.reply(s, c.tag(), "BAD", "RECURSIVEMATCH needs another selection option");
        }
        for (String item : c.statusItems()) {
            if (!java.util.List.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE", "DELETED", "APPENDLIMIT").contains(item)) {
                return CommandHandler.reply(s, c.tag(), "BAD", "unknown status item " + item);
            }
        }
        boolean extended = !c.selectOptions().isEmpty() || !c.returnOptions().isEmpty() || c.patterns().size() > 1;
        if (!c.lsub() && !extended && c.patterns().get(0).isEmpty()) {
            // RFC 9051 section 6.3.9: the delimiter and the root
            s.untagged("LIST (\\Noselect) \"/\" \"\"");
            return s.finish(c.tag(), "OK", "LIST completed");
        }
        boolean utf8 = s.utf8Names();
        String reference = MailboxNames.fromClient(c.reference(), utf8);
        java.util.List<String> patterns = new ArrayList<>();
        for (String p : c.patterns()) {
            String full = reference == null ? null : MailboxNames.fromClient(c.reference() + p, utf8);
            if (full != null) {
                patterns.add(full);
            }
            // else: not modified UTF-7, so no stored name (all encode to valid modified UTF-7) can match it; a
            // pattern matches or not, it is not refused (imaptest's atoms group: LIST "" with '&' and '%')
        }
        if (patterns.isEmpty()) {
            return s.finish(c.tag(), "OK", verb + " completed");
        }
        MailboxListing.Options options = new MailboxListing.Options(c.lsub(), selectSubscribed, selectSpecialUse, recursive,
                selectSubscribed || c.returnOptions().contains("SUBSCRIBED"), extended || s.rev2());
        return s.call(s.store().listFolders(FolderListRequest.newBuilder().setAccount(s.account()).build())).thenCompose(reply -> {
            for (MailboxListing.Entry e : MailboxListing.list(reply.getFoldersList(), reply.getSubscriptionsList(), patterns, options)) {
                StringBuilder line = new StringBuilder(verb).append(" (").append(String.join(" ", e.attributes())).append(") \"/\" ")
                        .append(MailboxNames.toClient(e.name(), utf8));
                if (!e.childInfo().isEmpty()) {
                    // RFC 5258 section 3.5: mbox-list-extended CHILDINFO
                    line.append(" (\"CHILDINFO\" (\"").append(String.join("\" \"", e.childInfo())).append("\"))");
                }
                s.untagged(line.toString());
                if (!c.statusItems().isEmpty() && e.folder() != null) {
                    // RFC 5819 section 2: after its LIST reply, and none for \NoSelect / \NonExistent names
                    s.untagged(MailboxNames.status(e.folder(), c.statusItems(), s.config().maxLiteralBytes(), utf8));
                }
            }
            return s.finish(c.tag(), "OK", verb + " completed");
        });
    }
}
