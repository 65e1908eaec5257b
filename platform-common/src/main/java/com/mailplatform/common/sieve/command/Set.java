package com.mailplatform.common.sieve.command;

import com.mailplatform.common.sieve.SieveState;
import com.mailplatform.common.sieve.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.jsieve.Argument;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.TagArgument;
import org.apache.jsieve.commands.AbstractCommand;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;

/**
 * set (RFC 5229 section 4) with its modifiers, applied by precedence (:lower/:upper, then :lowerfirst/:upperfirst,
 * then :quotewildcard, then :length). Values are bounded by {@link SieveState#MAX_VARIABLE_CHARS}.
 */
public class Set extends AbstractCommand {

    private static final List<String> MODIFIERS = List.of(":lower", ":upper", ":lowerfirst", ":upperfirst", ":quotewildcard", ":length");

    private record Parsed(List<String> modifiers, String name, String value) {
    }

    @Override
    protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context) throws SieveException {
        Parsed p = parse(arguments);
        SieveState state = (SieveState) mail;
        String v = Variables.expand(p.value, state.variables());
        if (p.modifiers.contains(":lower")) {
            v = v.toLowerCase(Locale.ROOT);
        }
        if (p.modifiers.contains(":upper")) {
            v = v.toUpperCase(Locale.ROOT);
        }
        if (!v.isEmpty() && p.modifiers.contains(":lowerfirst")) {
            v = v.substring(0, 1).toLowerCase(Locale.ROOT) + v.substring(1);
        }
        if (!v.isEmpty() && p.modifiers.contains(":upperfirst")) {
            v = v.substring(0, 1).toUpperCase(Locale.ROOT) + v.substring(1);
        }
        if (p.modifiers.contains(":quotewildcard")) {
            v = v.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
        }
        if (p.modifiers.contains(":length")) {
            v = Integer.toString(v.codePointCount(0, v.length()));
        }
        if (v.length() > SieveState.MAX_VARIABLE_CHARS) {
            v = v.substring(0, SieveState.MAX_VARIABLE_CHARS);
        }
        String name = p.name.toLowerCase(Locale.ROOT);
        if (state.variables().containsKey(name) || state.variables().size() < SieveState.MAX_VARIABLES) {
            state.variables().put(name, v);
        }
        return null;
    }

    private static Parsed parse(Arguments arguments) throws SyntaxException {
        List<String> mods = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        for (Argument a : arguments.getArgumentList()) {
            if (a instanceof TagArgument t && strings.isEmpty() && MODIFIERS.contains(t.getTag().toLowerCase(Locale.ROOT))) {
                mods.add(t.getTag().toLowerCase(Locale.ROOT));
            } else if (a instanceof StringListArgument l && l.getList().size() == 1) {
                strings.add(l.getList().get(0));
            } else {
                throw new SyntaxException("set: expecting [modifiers] <name> <value>");
            }
        }
        if (strings.size() != 2 || !Variables.validName(strings.get(0))) {
            throw new SyntaxException("set: expecting [modifiers] <name> <value> with a valid variable name");
        }
        return new Parsed(mods, strings.get(0), strings.get(1));
    }

    @Override
    protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
        parse(arguments);
    }
}
