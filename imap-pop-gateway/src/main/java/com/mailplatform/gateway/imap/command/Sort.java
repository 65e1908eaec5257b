package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.sort.MessageSorter;
import com.mailplatform.gateway.imap.sort.SortItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * SORT / UID SORT (RFC 5256 BASE.6.4.SORT, SORT=DISPLAY keys of RFC 5957); with RETURN the answer is an ESEARCH
 * (ESORT, RFC 5267 section 3).
 */
final class Sort implements CommandHandler<ImapCommand.Sort> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Sort c, ImapSession s) {
        if (!SortInput.supportedCharset(c.charset())) {
            return s.finish(c.tag(), "NO", "[BADCHARSET (UTF-8 US-ASCII)] unsupported charset");
        }
        return SortInput.load(c.key(), s).thenCompose(items -> {
            List<Long> out = new ArrayList<>(items.size());
            for (SortItem i : MessageSorter.sort(items, c.criteria())) {
                out.add(c.uid() ? i.uid() : i.msn());
            }
            s.untagged(c.returnOptions() == null ? "SORT" + join(out) : esort(c, out));
            return s.finish(c.tag(), "OK", "SORT completed");
        });
    }

    private static String join(List<Long> hits) {
        StringBuilder sb = new StringBuilder();
        hits.forEach(h -> sb.append(' ').append(h));
        return sb.toString();
    }

    /**
     * RFC 5267 section 3.2: MIN/MAX are the first and last message in sort order, ALL the whole result as a
     * sequence-set kept in sort order; no option means ALL.
     */
    static String esort(ImapCommand.Sort c, List<Long> sorted) {
        StringBuilder sb = new StringBuilder("ESEARCH (TAG \"").append(c.tag()).append("\")");
        if (c.uid()) {
            sb.append(" UID");
        }
        List<String> opts = c.returnOptions().isEmpty() ? List.of("ALL") : c.returnOptions();
        if (opts.contains("MIN") && !sorted.isEmpty()) {
            sb.append(" MIN ").append(sorted.get(0));
        }
        if (opts.contains("MAX") && !sorted.isEmpty()) {
            sb.append(" MAX ").append(sorted.get(sorted.size() - 1));
        }
        if (opts.contains("COUNT")) {
            sb.append(" COUNT ").append(sorted.size());
        }
        if (opts.contains("ALL") && !sorted.isEmpty()) {
            sb.append(" ALL ").append(orderedSet(sorted));
        }
        return sb.toString();
    }

    /** A sequence-set in the given order: only ascending runs of consecutive numbers become ranges. */
    static String orderedSet(List<Long> numbers) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(numbers.get(i));
            if (j > i) {
                sb.append(':').append(numbers.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
