package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, mailbox names and lists with real clients: LIST/LSUB and subscriptions (RFC 3501, RFC 5258
 * LIST-EXTENDED), SPECIAL-USE, LIST-STATUS, modified UTF-7 vs UTF-8 names (UTF8=ACCEPT) with imaplib, and mutt
 * over a Unicode folder. The scenarios are in src/test/python/imap_list_e2e.py.
 */
class ImapListE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    private static Map<String, String> env() {
        return Map.of("IMAPS_PORT", String.valueOf(stack.ports().imaps()), "TLS_CERT", stack.tls().cert().toString());
    }

    @Test
    void listLsubSubscriptionsListExtendedAndSpecialUse() throws Exception {
        SharedStack.python("imap_list_e2e.py", env(), "listext");
    }

    @Test
    void modifiedUtf7ForRev1AndUtf8AfterEnable() throws Exception {
        SharedStack.python("imap_list_e2e.py", env(), "utf8");
    }

    @Test
    void muttOpensReadsAndMovesIntoAUnicodeFolder() throws Exception {
        DebianPackages.ensure("mutt");
        SharedStack.python("imap_list_e2e.py", env(), "mutt_unicode");
    }
}
