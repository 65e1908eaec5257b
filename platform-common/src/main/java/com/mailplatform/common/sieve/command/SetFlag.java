package com.mailplatform.common.sieve.command;

import java.util.List;

/** setflag (RFC 5232 section 4.1): replaces the flags. */
public class SetFlag extends FlagCommand {
    @Override
    protected List<String> apply(List<String> current, List<String> named) {
        return named;
    }
}
