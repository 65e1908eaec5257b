package com.mailplatform.common.sieve.command;

import com.mailplatform.common.sieve.SieveState;
import com.mailplatform.common.sieve.Variables;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.MailAdapter;

/** redirect (RFC 5228 section 4.2) with :copy (RFC 3894 section 3). */
public class Redirect extends CopyableAction {

    @Override
    Tags tags(Arguments arguments) throws SieveException {
        return Tags.of(arguments, true, false, 1);
    }

    @Override
    protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context) throws SieveException {
        String to = Variables.expand(Tags.of(arguments, true, false, 1).rest().get(0), ((SieveState) mail).variables());
        mail.addAction(new ActionRedirect(to));
        return null;
    }

    @Override
    protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
        Tags.of(arguments, true, false, 1);
    }
}
