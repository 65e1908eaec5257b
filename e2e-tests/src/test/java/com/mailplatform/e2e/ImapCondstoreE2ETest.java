package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CONDSTORE and QRESYNC (RFC 7162) with Python's imaplib against the whole platform: Thunderbird's one-round-trip
 * folder resync after another session changed, expunged and appended, and the rest of what such a client relies on.
 * The scenarios are in src/test/python/imap_condstore_e2e.py.
 */
class ImapCondstoreE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void thunderbirdResyncsAFolderWithQresync() throws Exception {
        SharedStack.python("imap_condstore_e2e.py", Map.of(), "thunderbird");
    }

    @Test
    void condstoreOnlyClient() throws Exception {
        SharedStack.python("imap_condstore_e2e.py", Map.of(), "condstore");
    }
}
