package com.mailplatform.common.sieve.command;

import com.mailplatform.common.sieve.FlaggedFileInto;
import com.mailplatform.common.sieve.SieveState;
import com.mailplatform.common.sieve.Variables;
import java.util.ArrayList;
import java.util.List;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.MailAdapter;

/**
 * fileinto (RFC 5228 section 4.1) with :copy (RFC 3894 section 3: the implicit keep is not cancelled) and :flags
 * (RFC 5232 section 5; without it, the internal flags variable's value at this point).
 */
public class FileInto extends CopyableAction {

    @Override
    Tags tags(Arguments arguments) throws SieveException {
        return Tags.of(arguments, true, true, 1);
    }

    @Override
    protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context) throws SieveException {
        Tags t = Tags.of(arguments, true, true, 1);
        SieveState state = (SieveState) mail;
        String folder = Variables.expand(t.rest().get(0), state.variables());
        List<String> flags = t.flags() == null ? new ArrayList<>(state.flags()) : FlagList.split(expand(t.flags(), state));
        // RFC 5228 section 4.1: filing into the same folder twice files it once.
        for (Action a : mail.getActions()) {
            if (a instanceof FlaggedFileInto f && f.getDestination().equals(folder)) {
                return null;
            }
        }
        mail.addAction(new FlaggedFileInto(folder, flags));
        return null;
    }

    static List<String> expand(List<String> strings, SieveState state) {
        List<String> out = new ArrayList<>();
        strings.forEach(s -> out.add(Variables.expand(s, state.variables())));
        return out;
    }

    @Override
    protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
        Tags.of(arguments, true, true, 1);
    }
}
