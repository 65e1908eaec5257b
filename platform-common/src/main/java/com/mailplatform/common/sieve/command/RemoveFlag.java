package com.mailplatform.common.sieve.command;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** removeflag (RFC 5232 section 4.3): removes flags, case-insensitively. */
public class RemoveFlag extends FlagCommand {
    @Override
    protected List<String> apply(List<String> current, List<String> named) {
        Set<String> gone = lower(named);
        return current.stream().filter(f -> !gone.contains(f.toLowerCase(Locale.ROOT))).toList();
    }
}
