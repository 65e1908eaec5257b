package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.common.sieve.SieveEngine;
import com.mailplatform.gateway.managesieve.ManageSieveSession;

/** The shared validity check of PUTSCRIPT and CHECKSCRIPT (RFC 5804 sections 2.6 and 2.12): NO with the line number. */
final class ScriptCheck {

    private ScriptCheck() {
    }

    /** True when the script is valid; otherwise the NO has been sent. */
    static boolean passes(String script, ManageSieveSession session) {
        SieveEngine.SieveError error = SieveEngine.get().check(script);
        if (error == null) {
            return true;
        }
        String message = error.getMessage() == null ? "invalid script" : error.getMessage();
        session.no(null, error.line() > 0 && !message.contains("line " + error.line())
                ? "line " + error.line() + ": " + message : message);
        return false;
    }
}
