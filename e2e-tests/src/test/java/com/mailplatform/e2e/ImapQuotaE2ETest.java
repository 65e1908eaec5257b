package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QUOTA (RFC 9208), COMPRESS=DEFLATE (RFC 4978) and BINARY (RFC 3516) with Python's imaplib against the whole platform; the scenarios
 * are in src/test/python/imap_quota_e2e.py.
 */
class ImapQuotaE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    private static Map<String, String> env() {
        return Map.of("IMAPS_PORT", String.valueOf(stack.ports().imaps()));
    }

    @Test
    void quotaFromTheAdminApiAndOverquotaRefusals() throws Exception {
        SharedStack.python("imap_quota_e2e.py", env(), "quota");
    }

    @Test
    void compressedSessionInsideTlsWithIdleAndLargeFetch() throws Exception {
        SharedStack.python("imap_quota_e2e.py", env(), "compress");
    }

    @Test
    void binaryFetchDecodesAndLiteral8AppendStoresAsIs() throws Exception {
        SharedStack.python("imap_quota_e2e.py", env(), "binary");
    }
}
