package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * IMAP with real clients (Python's imaplib, curl, mutt) against the whole platform; mail enters through SMTP. The
 * scenarios are in src/test/python/imap_e2e.py.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapE2ETest {

    /** The second gateway replica's ports are the first's plus this. */
    static final int REPLICA_SHIFT = 7;

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    private static Map<String, String> env() {
        return Map.of("IMAPS_PORT", String.valueOf(stack.ports().imaps()), "TLS_CERT", stack.tls().cert().toString());
    }

    @Test
    @Order(1)
    void everyCommandGroupWithImaplib() throws Exception {
        SharedStack.python("imap_e2e.py", env(), "core");
    }

    @Test
    @Order(2)
    void concurrentExpungeAndStoreInTwoSessions() throws Exception {
        SharedStack.python("imap_e2e.py", env(), "concurrent");
    }

    @Test
    @Order(2)
    void hostileInputGetsBadNeverACrash() throws Exception {
        SharedStack.python("imap_e2e.py", env(), "hostile");
    }

    @Test
    @Order(3)
    void curlListsFetchesAndAppends() throws Exception {
        DebianPackages.ensure("curl");
        SharedStack.python("imap_e2e.py", env(), "curl");
    }

    @Test
    @Order(4)
    void muttReadsFlagsMovesAndDeletes() throws Exception {
        DebianPackages.ensure("mutt");
        SharedStack.python("imap_e2e.py", env(), "mutt");
    }

    @Test
    @Order(5)
    void pop3SpeaksStlsAndImplicitTls() throws Exception {
        SharedStack.python("imap_e2e.py", Map.of("POP3S_PORT", String.valueOf(stack.ports().pop3s())), "pop3_tls");
    }

    @Test
    @Order(6)
    void idleWakesAcrossGatewayReplicas() throws Exception {
        String replica = stack.startReplica("imap-pop-gateway", REPLICA_SHIFT, Map.of(
                "imap.port", String.valueOf(stack.ports().imap() + REPLICA_SHIFT),
                "imap.tls-port", String.valueOf(stack.ports().imaps() + REPLICA_SHIFT),
                "pop3.port", String.valueOf(stack.ports().pop3() + REPLICA_SHIFT),
                "pop3.tls-port", String.valueOf(stack.ports().pop3s() + REPLICA_SHIFT),
                // the replica serves IMAP only here; its ManageSieve would collide with the main gateway's port
                "managesieve.port", "0"));
        try {
            stack.awaitReady(replica);
            SharedStack.python("imap_e2e.py", Map.of("IMAPS_PORT", String.valueOf(stack.ports().imaps()),
                    "IMAP2_PORT", String.valueOf(stack.ports().imap() + REPLICA_SHIFT)), "idle_cross");
        } finally {
            stack.stopService(replica);
        }
    }
}
