package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SEARCH BODY/TEXT over decoded text (issue 14) with Python's imaplib; mail enters through SMTP. The scenarios are
 * in src/test/python/imap_search_e2e.py.
 */
class ImapSearchE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void bodySearchFindsDecodedText() throws Exception {
        SharedStack.python("imap_search_e2e.py", Map.of("IMAPS_PORT", String.valueOf(stack.ports().imaps())), "decoded");
    }
}
