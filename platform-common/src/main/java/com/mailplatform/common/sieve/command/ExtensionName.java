package com.mailplatform.common.sieve.command;

import org.apache.jsieve.Arguments;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.AbstractTest;

/**
 * Registered as a test under the capability names that are no command or test of their own ("imap4flags", "copy",
 * "variables"): jSieve accepts a "require" only for names it can look up (RFC 5228 section 3.2). Used as a test it
 * is an error.
 */
public class ExtensionName extends AbstractTest {

    @Override
    protected boolean executeBasic(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
        throw context.getCoordinate().syntaxException("a capability name is not a test");
    }
}
