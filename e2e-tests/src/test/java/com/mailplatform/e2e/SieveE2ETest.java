package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sieve through the whole platform: Debian's sieve-connect uploads and activates a script over ManageSieve
 * (RFC 5804, STARTTLS + AUTHENTICATE PLAIN), then real deliveries through SMTP exercise fileinto, reject,
 * vacation and imap4flags, checked over IMAP.
 */
class SieveE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        DebianPackages.ensure("sieve-connect");
        stack = SharedStack.get();
    }

    @Test
    void sieveConnectUploadsAndDeliveriesFollowTheScript() throws Exception {
        SharedStack.python("sieve_e2e.py", Map.of("MANAGESIEVE_PORT", String.valueOf(stack.ports().managesieve())), "all");
    }
}
