package com.mailplatform.common.sieve;

import java.util.List;
import org.apache.jsieve.mail.ActionKeep;

/** keep with the flags it stores the message with (RFC 5232 section 5). The implicit keep is jSieve's plain ActionKeep. */
public class FlaggedKeep extends ActionKeep {

    private final List<String> flags;

    public FlaggedKeep(List<String> flags) {
        this.flags = List.copyOf(flags);
    }

    public List<String> flags() {
        return flags;
    }
}
