package com.mailplatform.common.sieve.command;

import java.util.ArrayList;
import java.util.List;

/** addflag (RFC 5232 section 4.2): adds flags not yet there. */
public class AddFlag extends FlagCommand {
    @Override
    protected List<String> apply(List<String> current, List<String> named) {
        List<String> all = new ArrayList<>(current);
        all.addAll(named);
        return FlagList.split(List.of(String.join(" ", all)));
    }
}
