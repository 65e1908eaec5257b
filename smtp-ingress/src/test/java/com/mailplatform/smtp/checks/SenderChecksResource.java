package com.mailplatform.smtp.checks;

import com.mailplatform.testsupport.SharedInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** The SMTP test's configuration: the checks' DNS is dnsmasq, bl.test is the DNSBL, mailbox-store the stand-in. */
public class SenderChecksResource implements QuarkusTestResourceLifecycleManager {

    static final int SMTP_PORT = SharedInfra.freePort();
    static final String MYHOSTNAME = "mx.e2e.test";

    @Override
    public Map<String, String> start() {
        try {
            AuthDns dns = AuthDns.get();
            int grpc = SharedInfra.freePort();
            Map<String, String> cfg = new HashMap<>(SharedInfra.get().quarkusConfig());
            cfg.put("smtpd.port", String.valueOf(SMTP_PORT));
            cfg.put("smtpd.submission-port", "0");
            cfg.put("smtpd.submissions-port", "0");
            cfg.put("smtpd.myhostname", MYHOSTNAME);
            cfg.put("smtpd.rbl-clients", AuthDns.BLOCKLIST);
            cfg.put("smtpd.checks.resolvers", dns.resolver());
            cfg.put("quarkus.http.test-port", "0");
            cfg.put("quarkus.grpc.server.test-port", String.valueOf(grpc));
            cfg.put("quarkus.grpc.clients.mailbox-store.port", String.valueOf(grpc));
            cfg.put("mp.messaging.incoming.captured.connector", "smallrye-amqp");
            cfg.put("mp.messaging.incoming.captured.address", "mail-inbound");
            cfg.put("mp.messaging.incoming.captured.capabilities", "queue");
            cfg.put("mp.messaging.incoming.captured.tracing-enabled", "false");
            return cfg;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // dnsmasq and the broker live as long as the JVM
    }
}
