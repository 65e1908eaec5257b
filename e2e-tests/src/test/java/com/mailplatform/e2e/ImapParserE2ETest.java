package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's parser bugs and extensions with Python's imaplib against the whole platform: '~' names, month case,
 * SENT* dates, MULTIAPPEND, LITERAL-, UNAUTHENTICATE, WITHIN, SEARCHRES, STATUS=SIZE, SAVEDATE, OBJECTID. The
 * scenario is in src/test/python/imap_parser_e2e.py.
 */
class ImapParserE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void parserFixesAndExtensionsWithImaplib() throws Exception {
        SharedStack.python("imap_parser_e2e.py", Map.of("IMAPS_PORT", String.valueOf(stack.ports().imaps())), "extensions");
    }
}
