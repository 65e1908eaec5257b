package com.mailplatform.common.sieve.command;

import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.commands.AbstractActionCommand;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.MailAdapter;

/**
 * An action that takes :copy (RFC 3894 section 3): with it, the action does not cancel the implicit keep. fileinto
 * and redirect share this; {@link #tags} says which tags the action accepts.
 */
abstract class CopyableAction extends AbstractActionCommand {

    /** The action's parsed tags (whether it takes :flags, and how many positional arguments). */
    abstract Tags tags(Arguments arguments) throws SieveException;

    @Override
    public Object execute(MailAdapter mail, Arguments arguments, Block block, SieveContext context) throws SieveException {
        boolean keep = context.getCommandStateManager().isImplicitKeep();
        Object r = super.execute(mail, arguments, block, context);
        if (tags(arguments).copy()) {
            context.getCommandStateManager().setImplicitKeep(keep);
        }
        return r;
    }
}
