package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's base-command RFC bugs found by Dovecot's imaptest compliance suite, with Python's imaplib against the
 * whole platform (src/test/python/imap_compliance_e2e.py).
 */
class ImapComplianceE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void nestedPartsEnvelopeCommentsCopyExistsAndRecent() throws Exception {
        SharedStack.python("imap_compliance_e2e.py", Map.of(), "main");
    }
}
