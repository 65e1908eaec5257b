package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * smtp-ingress as an operator would put it on port 25: TLS, AUTH, submission, the relay matrix, the abuse limits
 * and the content hook, driven by swaks, openssl s_client and Python's smtplib. Two extra smtp-ingress replicas
 * run beside the stack's own: "trusted" (mynetworks = loopback) and "strict" (tiny limits and timeouts).
 */
class SmtpSecurityE2ETest {

    static final int TRUSTED_SHIFT = 100;
    static final int STRICT_SHIFT = 200;
    static LocalStack stack;
    static String trusted;
    static String strict;
    static Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        DebianPackages.ensure("swaks", "openssl", "libnet-ssleay-perl", "libio-socket-ssl-perl");
        stack = SharedStack.get();
        int smtp = stack.ports().smtp();
        trusted = stack.startReplica("smtp-ingress", TRUSTED_SHIFT, Map.of(
                "smtpd.port", String.valueOf(smtp + TRUSTED_SHIFT),
                "smtpd.submission-port", "0",
                "smtpd.submissions-port", "0",
                "smtpd.mynetworks", "127.0.0.0/8"));
        strict = stack.startReplica("smtp-ingress", STRICT_SHIFT, Map.ofEntries(
                Map.entry("smtpd.port", String.valueOf(smtp + STRICT_SHIFT)),
                Map.entry("smtpd.submission-port", "0"),
                Map.entry("smtpd.submissions-port", "0"),
                Map.entry("smtpd.timeout", "2s"),
                Map.entry("smtpd.session-time-limit", "6s"),
                Map.entry("smtpd.soft-error-limit", "2"),
                Map.entry("smtpd.hard-error-limit", "5"),
                Map.entry("smtpd.error-sleep-time", "700ms"),
                Map.entry("smtpd.client-connection-count-limit", "3"),
                Map.entry("smtpd.client-connection-rate-limit", "60"),
                Map.entry("smtpd.client-message-rate-limit", "6"),
                Map.entry("anvil.auth-max-failures-per-ip", "3"),
                Map.entry("anvil.auth-penalty-delay", "100ms"),
                Map.entry("smtpd.message-size-limit", "2000"),
                Map.entry("smtpd.header-checks[0]", "/^Subject:.*forbidden-word/ REJECT Subject not allowed here"),
                Map.entry("smtpd.header-checks[1]", "/^X-Campaign:/ PREPEND X-Bulk-Mail: tagged")));
        stack.awaitReady(trusted);
        stack.awaitReady(strict);
        env.put("SUBMISSION_PORT", String.valueOf(stack.ports().submission()));
        env.put("SUBMISSIONS_PORT", String.valueOf(stack.ports().submissions()));
        env.put("TRUSTED_PORT", String.valueOf(smtp + TRUSTED_SHIFT));
        env.put("STRICT_PORT", String.valueOf(smtp + STRICT_SHIFT));
        env.put("TLS_CERT", stack.tls().cert().toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.stopService(trusted);
            stack.stopService(strict);
        }
    }

    static void python(String scenario) throws Exception {
        SharedStack.python("smtp_security.py", env, scenario);
    }

    @Test
    void submissionNeedsTlsThenAuthAndOwnSender() throws Exception {
        python("submission");
    }

    @Test
    void implicitTlsOn465AndSwaks() throws Exception {
        python("submissions_and_swaks");
    }

    @Test
    void starttlsHandshakeInjectionAndOldProtocols() throws Exception {
        python("starttls");
    }

    @Test
    void relayMatrixNeverRelaysWithoutPermission() throws Exception {
        python("relay_matrix");
    }

    @Test
    void chunkingDsnAndSmtputf8() throws Exception {
        python("extensions");
    }

    @Test
    void hostileInput() throws Exception {
        python("hostile");
    }

    @Test
    void strictLimitsTimeoutsAndContentHook() throws Exception {
        python("strict");
    }
}
