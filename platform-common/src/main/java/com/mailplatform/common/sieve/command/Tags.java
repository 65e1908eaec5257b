package com.mailplatform.common.sieve.command;

import java.util.ArrayList;
import java.util.List;
import org.apache.jsieve.Argument;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.TagArgument;
import org.apache.jsieve.exception.SyntaxException;

/** The tagged arguments the extensions add to fileinto/keep/redirect (:copy, :flags) and what is left after them. */
record Tags(boolean copy, List<String> flags, List<String> rest) {

    /** {@code flags} null: no :flags given. {@code rest}: the positional strings, which must number {@code positional}. */
    static Tags of(Arguments arguments, boolean allowCopy, boolean allowFlags, int positional) throws SyntaxException {
        boolean copy = false;
        List<String> flags = null;
        List<String> rest = new ArrayList<>();
        if (arguments.hasTests()) {
            throw new SyntaxException("unexpected test (missing \";\"?)");
        }
        List<Argument> args = arguments.getArgumentList();
        for (int i = 0; i < args.size(); i++) {
            Argument a = args.get(i);
            if (a instanceof TagArgument t) {
                String tag = t.getTag().toLowerCase(java.util.Locale.ROOT);
                if (allowCopy && tag.equals(":copy") && !copy) {
                    copy = true;
                } else if (allowFlags && tag.equals(":flags") && flags == null && i + 1 < args.size()
                        && args.get(i + 1) instanceof StringListArgument l) {
                    flags = l.getList();
                    i++;
                } else {
                    throw new SyntaxException("unexpected tag " + t.getTag());
                }
            } else if (a instanceof StringListArgument l && rest.isEmpty() && l.getList().size() == 1) {
                rest.add(l.getList().get(0));
            } else {
                throw new SyntaxException("expecting exactly " + positional + " string argument(s)");
            }
        }
        if (rest.size() != positional) {
            throw new SyntaxException("expecting exactly " + positional + " string argument(s)");
        }
        return new Tags(copy, flags, rest);
    }
}
