package com.mailplatform.gateway.managesieve.parse;

import java.util.List;

/**
 * One ManageSieve command as data (RFC 5804 section 2): the keyword, upper case, and its arguments (strings from
 * quoted strings or literals, numbers as their decimal text), checked against the command's arity.
 */
public record SieveCommand(String keyword, List<String> args) {

    // never let a password (AUTHENTICATE initial response) or a script reach a log line through toString()
    @Override
    public String toString() {
        return "SieveCommand[" + keyword + ", " + args.size() + " args]";
    }
}
