package com.mailplatform.common.sieve.command;

import com.mailplatform.common.sieve.FlaggedKeep;
import com.mailplatform.common.sieve.SieveState;
import java.util.ArrayList;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.commands.AbstractActionCommand;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.MailAdapter;

/** keep (RFC 5228 section 4.3) with :flags (RFC 5232 section 5). */
public class Keep extends AbstractActionCommand {

    @Override
    protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context) throws SieveException {
        Tags t = Tags.of(arguments, false, true, 0);
        SieveState state = (SieveState) mail;
        mail.addAction(new FlaggedKeep(t.flags() == null ? new ArrayList<>(state.flags())
                : FlagList.split(FileInto.expand(t.flags(), state))));
        return null;
    }

    @Override
    protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
        Tags.of(arguments, false, true, 0);
    }
}
