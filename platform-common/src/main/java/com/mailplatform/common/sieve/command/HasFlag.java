package com.mailplatform.common.sieve.command;

import com.mailplatform.common.sieve.SieveState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.jsieve.Argument;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.TagArgument;
import org.apache.jsieve.comparators.ComparatorUtils;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.AbstractTest;

/**
 * hasflag (RFC 5232 section 5): true when any flag of the internal variable (or of the named variables) matches any
 * key, with the match type (:is default, :contains, :matches) and comparator (i;ascii-casemap default) given.
 */
public class HasFlag extends AbstractTest {

    private record Parsed(String comparator, String matchType, List<String> variables, List<String> keys) {
    }

    @Override
    protected boolean executeBasic(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
        Parsed p = parse(arguments);
        SieveState state = (SieveState) mail;
        List<String> flags = new ArrayList<>();
        if (p.variables == null) {
            flags.addAll(state.flags());
        } else {
            for (String v : p.variables) {
                flags.addAll(FlagList.split(List.of(state.variables().getOrDefault(v.toLowerCase(Locale.ROOT), ""))));
            }
        }
        for (String f : flags) {
            for (String k : FlagList.split(FileInto.expand(p.keys, state))) {
                if (ComparatorUtils.match(p.comparator, p.matchType, f, k, context)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Parsed parse(Arguments arguments) throws SyntaxException {
        String comparator = null;
        String matchType = null;
        List<List<String>> lists = new ArrayList<>();
        List<Argument> args = arguments.getArgumentList();
        for (int i = 0; i < args.size(); i++) {
            Argument a = args.get(i);
            if (a instanceof TagArgument t) {
                String tag = t.getTag().toLowerCase(Locale.ROOT);
                if (!lists.isEmpty()) {
                    throw new SyntaxException("tags must come before the flag lists");
                }
                if (tag.equals(":comparator") && comparator == null && i + 1 < args.size()
                        && args.get(i + 1) instanceof StringListArgument l && l.getList().size() == 1) {
                    comparator = l.getList().get(0);
                    i++;
                } else if ((tag.equals(":is") || tag.equals(":contains") || tag.equals(":matches")) && matchType == null) {
                    matchType = tag;
                } else {
                    throw new SyntaxException("unexpected tag " + t.getTag());
                }
            } else if (a instanceof StringListArgument l) {
                lists.add(l.getList());
            } else {
                throw new SyntaxException("expecting string lists");
            }
        }
        if (lists.isEmpty() || lists.size() > 2) {
            throw new SyntaxException("expecting [variable list] and a flag list");
        }
        return new Parsed(comparator == null ? "i;ascii-casemap" : comparator, matchType == null ? ":is" : matchType,
                lists.size() == 2 ? lists.get(0) : null, lists.get(lists.size() - 1));
    }

    @Override
    protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
        parse(arguments);
    }
}
