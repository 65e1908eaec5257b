package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.RspamdMilter;
import com.mailplatform.testsupport.SharedInfra;
import com.mailplatform.testsupport.TcpRelay;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * smtp-ingress replicas with smtpd.milters: one in front of real rspamd (Debian's package, milter mode), one whose
 * milter is down until the test brings it back (a relay to the same rspamd on the configured address).
 */
class MilterE2ETest {

    static final int RSPAMD_SHIFT = 310;
    static final int FLAKY_SHIFT = 320;
    static LocalStack stack;
    static RspamdMilter rspamd;
    static String withRspamd;
    static String flaky;
    static int flakyMilterPort;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        rspamd = RspamdMilter.start(SharedInfra.freePort());
        flakyMilterPort = SharedInfra.freePort();
        int smtp = stack.ports().smtp();
        withRspamd = stack.startReplica("smtp-ingress", RSPAMD_SHIFT, replica(smtp + RSPAMD_SHIFT, rspamd.port()));
        flaky = stack.startReplica("smtp-ingress", FLAKY_SHIFT, replica(smtp + FLAKY_SHIFT, flakyMilterPort));
        stack.awaitReady(withRspamd);
        stack.awaitReady(flaky);
    }

    static Map<String, String> replica(int port, int milterPort) {
        return Map.of("smtpd.port", String.valueOf(port), "smtpd.submission-port", "0", "smtpd.submissions-port", "0",
                "smtpd.milters[0]", "inet:127.0.0.1:" + milterPort, "smtpd.milter-connect-timeout", "2s",
                "smtpd.milter-command-timeout", "10s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.stopService(withRspamd);
            stack.stopService(flaky);
        }
        if (rspamd != null) {
            rspamd.close();
        }
    }

    static void python(int shift, String scenario) throws Exception {
        SharedStack.python("milter_e2e.py", Map.of("SMTP_PORT", String.valueOf(stack.ports().smtp() + shift)), scenario);
    }

    @Test
    void rspamdRejectsGtubeAndTagsCleanMail() throws Exception {
        python(RSPAMD_SHIFT, "rspamd");
    }

    @Test
    void milterDownGives451AndTheRetryPassesOnceItIsBack() throws Exception {
        python(FLAKY_SHIFT, "down");
        // The milter is back on its address: a relay to the running rspamd.
        try (TcpRelay back = new TcpRelay(flakyMilterPort, rspamd.port())) {
            python(FLAKY_SHIFT, "back");
        }
    }

}
