package com.mailplatform.gateway.imap.command;

import java.util.ArrayList;
import java.util.List;

/** What RETURN (SAVE) keeps (RFC 5182 section 2.1). */
final class SearchSave {

    private SearchSave() {
    }

    /**
     * With MIN and/or MAX but neither ALL nor COUNT only those messages are saved; otherwise every match.
     * {@code uids} ascending.
     */
    static List<Long> saved(List<String> options, List<Long> uids) {
        boolean min = options.contains("MIN");
        boolean max = options.contains("MAX");
        if ((!min && !max) || options.contains("ALL") || options.contains("COUNT") || uids.isEmpty()) {
            return uids;
        }
        List<Long> out = new ArrayList<>(2);
        if (min) {
            out.add(uids.get(0));
        }
        if (max && (!min || uids.size() > 1)) {
            out.add(uids.get(uids.size() - 1));
        }
        return out;
    }
}
