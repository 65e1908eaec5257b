package com.mailplatform.common.sieve.command;

import com.mailplatform.common.sieve.SieveState;
import com.mailplatform.common.sieve.Variables;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.jsieve.Argument;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.commands.AbstractCommand;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;

/**
 * setflag/addflag/removeflag (RFC 5232 section 4): change the internal flags variable, or a named variable when two
 * arguments are given (the variables form). No action: the flags apply when the message is kept or filed.
 */
public abstract class FlagCommand extends AbstractCommand {

    /** The new flag set from the old one and the flags the command names. */
    protected abstract List<String> apply(List<String> current, List<String> named);

    @Override
    protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context) throws SieveException {
        SieveState state = (SieveState) mail;
        List<List<String>> args = strings(arguments);
        List<String> named = FlagList.split(FileInto.expand(args.get(args.size() - 1), state));
        if (args.size() == 2) {
            String var = args.get(0).get(0).toLowerCase(Locale.ROOT);
            String old = state.variables().getOrDefault(var, "");
            String now = String.join(" ", apply(FlagList.split(List.of(old)), named));
            if (now.length() <= SieveState.MAX_VARIABLE_CHARS
                    && (state.variables().containsKey(var) || state.variables().size() < SieveState.MAX_VARIABLES)) {
                state.variables().put(var, now);
            }
        } else {
            List<String> result = apply(new ArrayList<>(state.flags()), named);
            state.flags().clear();
            state.flags().addAll(result);
        }
        return null;
    }

    private static List<List<String>> strings(Arguments arguments) throws SyntaxException {
        List<List<String>> out = new ArrayList<>();
        for (Argument a : arguments.getArgumentList()) {
            if (!(a instanceof StringListArgument l)) {
                throw new SyntaxException("expecting [variable name] and a flag list");
            }
            out.add(l.getList());
        }
        if (out.isEmpty() || out.size() > 2 || (out.size() == 2
                && (out.get(0).size() != 1 || !Variables.validName(out.get(0).get(0))))) {
            throw new SyntaxException("expecting [variable name] and a flag list");
        }
        return out;
    }

    @Override
    protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
        strings(arguments);
    }

    static Set<String> lower(List<String> flags) {
        Set<String> s = new LinkedHashSet<>();
        flags.forEach(f -> s.add(f.toLowerCase(Locale.ROOT)));
        return s;
    }
}
