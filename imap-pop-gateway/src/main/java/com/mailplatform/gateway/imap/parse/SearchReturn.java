package com.mailplatform.gateway.imap.parse;

import java.util.List;
import java.util.Set;

/** SEARCH RETURN options this server knows: RFC 4731 (ESEARCH) and RFC 5182 SAVE; any other is BAD. */
final class SearchReturn {

    static final Set<String> KNOWN = Set.of("MIN", "MAX", "ALL", "COUNT", "SAVE");

    private SearchReturn() {
    }

    /** RFC 4731 section 3.1: an unknown return option makes the command BAD. */
    static void check(String tag, List<String> options) throws ImapParseException {
        for (String o : options) {
            if (!KNOWN.contains(o)) {
                throw new ImapParseException(tag, "unknown SEARCH RETURN option " + o);
            }
        }
    }
}
