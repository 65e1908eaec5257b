package com.mailplatform.common.sieve;

import java.util.List;
import org.apache.jsieve.mail.ActionFileInto;

/** fileinto with the flags it files with (RFC 5232 section 5, :flags or the internal variable) and :copy (RFC 3894). */
public class FlaggedFileInto extends ActionFileInto {

    private final List<String> flags;

    public FlaggedFileInto(String destination, List<String> flags) {
        super(destination);
        this.flags = List.copyOf(flags);
    }

    public List<String> flags() {
        return flags;
    }
}
