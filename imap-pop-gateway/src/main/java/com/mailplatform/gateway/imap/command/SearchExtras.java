package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.gateway.imap.parse.SearchKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The SEARCH keys of RFC 5032 WITHIN, RFC 8514 SAVEDATE and RFC 5182 SEARCHRES: {@link #resolve} binds what
 * depends on the session ("now", the saved result) before matching, {@link #matches} decides the rest per message.
 */
final class SearchExtras {

    private SearchExtras() {
    }

    /** WITHIN against {@code nowMillis}; "$" to the saved UIDs (nothing when none were saved, RFC 5182 section 2.1). */
    static SearchKey resolve(SearchKey k, long nowMillis, List<Long> saved) {
        if (k instanceof SearchKey.Within w) {
            // RFC 5032 section 3: OLDER/YOUNGER compare the internal date with now minus the interval
            return new SearchKey.Cutoff(w.older(), nowMillis - w.seconds() * 1000);
        } else if (k instanceof SearchKey.Sequence q && q.set().saved()) {
            return new SearchKey.Uids(new HashSet<>(saved));
        } else if (k instanceof SearchKey.And a) {
            List<SearchKey> keys = new ArrayList<>();
            a.keys().forEach(x -> keys.add(resolve(x, nowMillis, saved)));
            return new SearchKey.And(keys);
        } else if (k instanceof SearchKey.Or o) {
            return new SearchKey.Or(resolve(o.a(), nowMillis, saved), resolve(o.b(), nowMillis, saved));
        } else if (k instanceof SearchKey.Not n) {
            return new SearchKey.Not(resolve(n.key(), nowMillis, saved));
        }
        return k;
    }

    /** Whether {@code k} is one of the keys decided here. */
    static boolean handles(SearchKey k) {
        return k instanceof SearchKey.Cutoff || k instanceof SearchKey.SaveDate || k instanceof SearchKey.SaveDateSupported
                || k instanceof SearchKey.Uids;
    }

    static boolean matches(SearchKey k, MessageState m) {
        if (k instanceof SearchKey.Cutoff c) {
            return c.older() ? m.getInternalDateMillis() <= c.millis() : m.getInternalDateMillis() > c.millis();
        } else if (k instanceof SearchKey.Uids u) {
            return u.uids().contains(m.getUid());
        } else if (k instanceof SearchKey.SaveDate d) {
            // RFC 8514 section 4.2: dates without time and timezone; a row older than save dates has its internal date
            long millis = m.getSaveDateMillis() != 0 ? m.getSaveDateMillis() : m.getInternalDateMillis();
            int cmp = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().compareTo(d.date());
            return d.cmp() < 0 ? cmp < 0 : d.cmp() == 0 ? cmp == 0 : cmp >= 0;
        }
        // SAVEDATESUPPORTED: every mailbox here keeps save dates
        return k instanceof SearchKey.SaveDateSupported;
    }
}
