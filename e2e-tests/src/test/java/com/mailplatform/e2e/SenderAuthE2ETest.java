package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.Dnsmasq;
import com.mailplatform.testsupport.SharedInfra;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An smtp-ingress replica whose SPF/DKIM/DMARC checks and DNSBL ask a real dnsmasq with the test's records; the
 * messages go all the way to the mailbox (INBOX or Junk) of the e2e account.
 */
class SenderAuthE2ETest {

    static final int SHIFT = 410;
    static LocalStack stack;
    static Dnsmasq dns;
    static String replica;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        dns = new Dnsmasq(SharedInfra.freePort())
                .txt("reject.test", "v=spf1 -all").txt("_dmarc.reject.test", "v=DMARC1; p=reject")
                .txt("quarantine.test", "v=spf1 -all").txt("_dmarc.quarantine.test", "v=DMARC1; p=quarantine")
                // the DNSBL zone lists 127.0.0.2 (RFC 5782 section 2.1: the reversed address under the zone)
                .host("2.0.0.127.bl.test", "127.0.0.2")
                .authoritative("test")
                .start(Path.of("target", "sender-auth-dnsmasq.log"));
        replica = stack.startReplica("smtp-ingress", SHIFT, Map.of(
                "smtpd.port", String.valueOf(stack.ports().smtp() + SHIFT),
                "smtpd.submission-port", "0", "smtpd.submissions-port", "0",
                "smtpd.myhostname", "mx.e2e.test",
                "smtpd.checks.resolvers[0]", "127.0.0.1:" + dns.port(),
                "smtpd.rbl-clients[0]", "bl.test"));
        stack.awaitReady(replica);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null && replica != null) {
            stack.stopService(replica);
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void dmarcRejectQuarantineDnsblAndAuthenticationResults() throws Exception {
        SharedStack.python("sender_auth_e2e.py", Map.of("SMTP_PORT", String.valueOf(stack.ports().smtp() + SHIFT)),
                "checks");
    }
}
