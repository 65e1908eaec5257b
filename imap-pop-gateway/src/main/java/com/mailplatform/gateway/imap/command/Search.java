package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.SearchTextRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.parse.SearchKey;
import com.mailplatform.gateway.imap.parse.SequenceSet;
import com.mailplatform.gateway.imap.response.Flags;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * SEARCH / UID SEARCH (RFC 9051 section 6.4.4, every RFC 3501 key). Flags, dates, sizes and numbers are decided
 * here from the session's view; text keys are asked of the store, which has the messages. Answers with SEARCH
 * (rev1) or ESEARCH (rev2, or when RETURN options are given, RFC 4731).
 */
final class Search implements CommandHandler<ImapCommand.Search> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Search c, ImapSession s) {
        SelectedMailbox sel = s.selected();
        // "$" is read before this SEARCH replaces it (RFC 5182 section 2.1)
        SearchKey key = SearchExtras.resolve(c.key(), s.clock().millis(), sel.saved());
        boolean save = c.returnOptions().contains("SAVE");
        if (save) {
            // RFC 5182 section 2.1: a SEARCH that fails leaves an empty saved result
            sel.save(List.of());
        }
        boolean modseqKey = SearchModseq.uses(c.key());
        if (modseqKey) {
            // RFC 7162 section 3.1.5: SEARCH MODSEQ is a CONDSTORE-enabling command
            s.enableCondstore();
        }
        return evaluate(key, s).thenCompose(msns -> {
            List<Long> hits = new ArrayList<>();
            List<Long> hitUids = new ArrayList<>();
            List<Long> modseqs = new ArrayList<>();
            for (int msn : msns) {
                MessageState m = sel.at(msn);
                hits.add(c.uid() ? m.getUid() : msn);
                hitUids.add(m.getUid());
                modseqs.add(m.getModseq());
            }
            if (save) {
                sel.save(SearchSave.saved(c.returnOptions(), hitUids));
            }
            // RFC 5182 section 2.1: RETURN (SAVE) alone answers with no ESEARCH at all
            boolean answer = !save || c.returnOptions().size() > 1;
            if (answer && (c.esearch() || s.rev2())) {
                String line = esearch(c, hits);
                s.untagged(modseqKey ? line + SearchModseq.esearch(c.returnOptions(), modseqs) : line);
            } else if (answer) {
                s.untagged("SEARCH" + join(hits) + (modseqKey ? SearchModseq.search(modseqs) : ""));
            }
            return s.finish(c.tag(), "OK", "SEARCH completed");
        });
    }

    /**
     * The sequence numbers, ascending, of the selected messages that match {@code raw} (with "$" and WITHIN
     * resolved): the evaluation SEARCH, SORT and THREAD share (RFC 5256 BASE.6.4.SORT: "the searching criteria are
     * identical to SEARCH").
     */
    static CompletionStage<List<Integer>> matching(SearchKey raw, ImapSession s) {
        return evaluate(SearchExtras.resolve(raw, s.clock().millis(), s.selected().saved()), s);
    }

    private static CompletionStage<List<Integer>> evaluate(SearchKey key, ImapSession s) {
        SelectedMailbox sel = s.selected();
        List<SearchKey.Text> texts = new ArrayList<>();
        collect(key, texts);
        Map<SearchKey, Set<Long>> textHits = new IdentityHashMap<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        List<Long> allUids = new ArrayList<>();
        for (int msn = 1; msn <= sel.exists(); msn++) {
            allUids.add(sel.at(msn).getUid());
        }
        for (SearchKey.Text t : texts) {
            chain = chain.thenCompose(v -> {
                if (allUids.isEmpty()) {
                    textHits.put(t, Set.of());
                    return CommandHandler.done();
                }
                SearchTextRequest request = SearchTextRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                        .addAllUids(allUids).setWhere(SearchTextRequest.Where.valueOf(t.where()))
                        .setField(t.field() == null ? "" : t.field()).setNeedle(t.needle()).build();
                return s.call(s.store().searchText(request)).thenAccept(r -> textHits.put(t, new HashSet<>(r.getUidsList())));
            });
        }
        return chain.thenApply(v -> {
            List<Integer> hits = new ArrayList<>();
            long largestUid = sel.exists() == 0 ? 0 : sel.at(sel.exists()).getUid();
            for (int msn = 1; msn <= sel.exists(); msn++) {
                // with \Recent when it is recent for this session: SEARCH RECENT/NEW/OLD (RFC 3501 section 6.4.4)
                MessageState m = sel.at(msn);
                List<String> shown = sel.flags(m);
                if (shown.size() != m.getFlagsCount()) {
                    m = m.toBuilder().clearFlags().addAllFlags(shown).build();
                }
                if (matches(key, m, msn, sel.exists(), largestUid, textHits)) {
                    hits.add(msn);
                }
            }
            return hits;
        });
    }

    private static String join(List<Long> hits) {
        StringBuilder sb = new StringBuilder();
        hits.forEach(h -> sb.append(' ').append(h));
        return sb.toString();
    }

    /** RFC 4731 section 3.1: MIN, MAX, COUNT, ALL; no options means ALL. */
    private static String esearch(ImapCommand.Search c, List<Long> hits) {
        StringBuilder sb = new StringBuilder("ESEARCH (TAG \"").append(c.tag()).append("\")");
        if (c.uid()) {
            sb.append(" UID");
        }
        List<String> opts = c.returnOptions().isEmpty() ? List.of("ALL") : c.returnOptions();
        if (opts.contains("MIN") && !hits.isEmpty()) {
            sb.append(" MIN ").append(hits.get(0));
        }
        if (opts.contains("MAX") && !hits.isEmpty()) {
            sb.append(" MAX ").append(hits.get(hits.size() - 1));
        }
        if (opts.contains("COUNT")) {
            sb.append(" COUNT ").append(hits.size());
        }
        if (opts.contains("ALL") && !hits.isEmpty()) {
            sb.append(" ALL ").append(SequenceSet.format(hits));
        }
        return sb.toString();
    }

    private static void collect(SearchKey k, List<SearchKey.Text> out) {
        if (k instanceof SearchKey.Text t) {
            out.add(t);
        } else if (k instanceof SearchKey.And a) {
            a.keys().forEach(x -> collect(x, out));
        } else if (k instanceof SearchKey.Or o) {
            collect(o.a(), out);
            collect(o.b(), out);
        } else if (k instanceof SearchKey.Not n) {
            collect(n.key(), out);
        }
    }

    private static boolean matches(SearchKey k, MessageState m, int msn, int exists, long largestUid, Map<SearchKey, Set<Long>> text) {
        if (k instanceof SearchKey.All) {
            return true;
        } else if (k instanceof SearchKey.None) {
            return false;
        } else if (k instanceof SearchKey.And a) {
            return a.keys().stream().allMatch(x -> matches(x, m, msn, exists, largestUid, text));
        } else if (k instanceof SearchKey.Or o) {
            return matches(o.a(), m, msn, exists, largestUid, text) || matches(o.b(), m, msn, exists, largestUid, text);
        } else if (k instanceof SearchKey.Not n) {
            return !matches(n.key(), m, msn, exists, largestUid, text);
        } else if (k instanceof SearchKey.Flag f) {
            return Flags.has(m.getFlagsList(), f.flag());
        } else if (k instanceof SearchKey.Sequence q) {
            return q.uid() ? q.set().contains(m.getUid(), largestUid) : q.set().contains(msn, exists);
        } else if (k instanceof SearchKey.Size z) {
            return z.larger() ? m.getSize() > z.octets() : m.getSize() < z.octets();
        } else if (k instanceof SearchKey.Date d) {
            long millis = d.sent() ? m.getSentDateMillis() : m.getInternalDateMillis();
            if (d.sent() && millis == 0) {
                return false;
            }
            // RFC 9051 section 6.4.4: dates compare without time and timezone
            LocalDate day = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
            int cmp = day.compareTo(d.date());
            return d.cmp() < 0 ? cmp < 0 : d.cmp() == 0 ? cmp == 0 : cmp >= 0;
        } else if (k instanceof SearchKey.Text t) {
            return text.getOrDefault(t, Set.of()).contains(m.getUid());
        } else if (SearchExtras.handles(k)) {
            return SearchExtras.matches(k, m);
        } else if (k instanceof SearchKey.ModSeq q) {
            return m.getModseq() >= q.modseq();
        }
        return false;
    }
}
