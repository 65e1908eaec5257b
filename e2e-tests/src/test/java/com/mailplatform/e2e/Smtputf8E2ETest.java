package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Internationalized mail (RFC 6531, 6532, 6533) through the whole platform with Python's smtplib and imaplib:
 * a UTF-8 account, alias and domain made through the admin API, mail to them arriving in the INBOX, and a DSN
 * reaching a UTF-8 sender. The scenarios are in src/test/python/smtputf8_e2e.py.
 */
class Smtputf8E2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    private static Map<String, String> env() {
        return Map.of("IMAPS_PORT", String.valueOf(stack.ports().imaps()));
    }

    @Test
    void mailToAUtf8AccountAndAliasArrivesInItsInbox() throws Exception {
        SharedStack.python("smtputf8_e2e.py", env(), "inbox");
    }

    @Test
    void aDsnReachesAUtf8Sender() throws Exception {
        SharedStack.python("smtputf8_e2e.py", env(), "dsn");
    }
}
