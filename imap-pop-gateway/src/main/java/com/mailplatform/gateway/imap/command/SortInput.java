package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.SortDataRequest;
import com.mailplatform.common.grpc.mailbox.SortFields;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.SearchKey;
import com.mailplatform.gateway.imap.sort.SortItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What SORT and THREAD work on: the messages matching the search key (SEARCH's own evaluation) with their sort
 * keys from the store, one SortData call per {@value #UIDS_PER_CALL} messages (one call for most folders).
 */
final class SortInput {

    /** Keeps each reply well under gRPC's default 4 MiB message limit (a SortFields is a few hundred bytes). */
    static final int UIDS_PER_CALL = 5000;

    private SortInput() {
    }

    /** RFC 5256 BASE.6.4.SORT: the charsets SEARCH supports; others get NO [BADCHARSET]. */
    static boolean supportedCharset(String charset) {
        String c = charset.toUpperCase(Locale.ROOT);
        return c.equals("UTF-8") || c.equals("US-ASCII");
    }

    static CompletionStage<List<SortItem>> load(SearchKey key, ImapSession s) {
        SelectedMailbox sel = s.selected();
        return Search.matching(key, s).thenCompose(msns -> {
            List<MessageState> states = new ArrayList<>(msns.size());
            for (int msn : msns) {
                states.add(sel.at(msn));
            }
            Map<Long, SortFields> fields = new HashMap<>();
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (int from = 0; from < states.size(); from += UIDS_PER_CALL) {
                SortDataRequest.Builder request = SortDataRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId());
                states.subList(from, Math.min(states.size(), from + UIDS_PER_CALL)).forEach(m -> request.addUids(m.getUid()));
                chain = chain.thenCompose(v -> s.call(s.store().sortData(request.build()))
                        .thenAccept(reply -> reply.getMessagesList().forEach(f -> fields.put(f.getUid(), f))));
            }
            return chain.thenApply(v -> {
                List<SortItem> items = new ArrayList<>(states.size());
                for (int i = 0; i < states.size(); i++) {
                    MessageState m = states.get(i);
                    // expunged by another session meanwhile: still in this session's view, sorted as headerless
                    SortFields f = fields.getOrDefault(m.getUid(), SortFields.getDefaultInstance());
                    items.add(SortItem.of(msns.get(i), m.getUid(), m.getSize(), m.getInternalDateMillis(), f));
                }
                return items;
            });
        });
    }
}
