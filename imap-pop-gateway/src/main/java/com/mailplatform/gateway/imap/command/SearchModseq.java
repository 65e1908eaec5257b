package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.parse.SearchKey;
import java.util.Collections;
import java.util.List;

/** What RFC 7162 section 3.1.5 (and 3.1.11 for ESEARCH) adds to a SEARCH answer when the MODSEQ key was used. */
final class SearchModseq {

    private SearchModseq() {
    }

    static boolean uses(SearchKey k) {
        if (k instanceof SearchKey.ModSeq) {
            return true;
        } else if (k instanceof SearchKey.And a) {
            return a.keys().stream().anyMatch(SearchModseq::uses);
        } else if (k instanceof SearchKey.Or o) {
            return uses(o.a()) || uses(o.b());
        } else if (k instanceof SearchKey.Not n) {
            return uses(n.key());
        }
        return false;
    }

    /** " (MODSEQ n)" with the highest MODSEQ of the hits; nothing without hits. */
    static String search(List<Long> modseqs) {
        return modseqs.isEmpty() ? "" : " (MODSEQ " + Collections.max(modseqs) + ")";
    }

    /**
     * " MODSEQ n" for ESEARCH: the highest MODSEQ of the messages returned, i.e. of the MIN and/or MAX message when
     * only those are asked for, else of all hits (RFC 7162 section 3.1.11, as imaptest esearch-condstore checks).
     */
    static String esearch(List<String> returnOptions, List<Long> modseqs) {
        if (modseqs.isEmpty()) {
            return "";
        }
        List<String> opts = returnOptions.isEmpty() ? List.of("ALL") : returnOptions;
        long m;
        if (!opts.contains("ALL") && !opts.contains("COUNT") && (opts.contains("MIN") || opts.contains("MAX"))) {
            m = 0;
            if (opts.contains("MIN")) {
                m = modseqs.get(0);
            }
            if (opts.contains("MAX")) {
                m = Math.max(m, modseqs.get(modseqs.size() - 1));
            }
        } else {
            m = Collections.max(modseqs);
        }
        return " MODSEQ " + m;
    }
}
