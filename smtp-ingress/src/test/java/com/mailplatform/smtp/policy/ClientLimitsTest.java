package com.mailplatform.smtp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.smtp.SmtpConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The anvil-style limits with a real configuration object (defaults from the @ConfigMapping, a few overrides). */
class ClientLimitsTest {

    static ClientLimits limits(Map<String, String> overrides) {
        // Quarkus's own converter, so "300s" reads as it does in the running service
        SmallRyeConfig cfg = new SmallRyeConfigBuilder().withMapping(SmtpConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(overrides).build();
        SmtpConfig config = cfg.getConfigMapping(SmtpConfig.class);
        RecipientPolicy policy = new RecipientPolicy();
        policy.config = config;
        return new ClientLimits(config, policy);
    }

    @Test
    void concurrentConnectionsPerClient() {
        ClientLimits l = limits(Map.of("smtpd.client-connection-count-limit", "2"));
        ClientLimits.Admission a = l.onConnect("192.0.2.1");
        ClientLimits.Admission b = l.onConnect("192.0.2.1");
        assertNull(a.refusal());
        assertNull(b.refusal());
        assertNotNull(l.onConnect("192.0.2.1").refusal(), "the third at once is refused");
        assertNull(l.onConnect("192.0.2.2").refusal(), "another client is not affected");
        l.onDisconnect("192.0.2.1", a.ticket());
        l.onDisconnect("192.0.2.1", b.ticket());
        l.onDisconnect("192.0.2.1", b.ticket());
        assertEquals(0, l.open("192.0.2.1"), "a ticket is released once");
        assertNull(l.onConnect("192.0.2.1").refusal(), "a slot is free again");
    }

    @Test
    void connectionAndMessageRates() {
        ClientLimits l = limits(Map.of("smtpd.client-connection-rate-limit", "3", "smtpd.client-message-rate-limit", "2",
                "smtpd.client-connection-count-limit", "0"));
        for (int i = 0; i < 3; i++) {
            ClientLimits.Admission a = l.onConnect("198.51.100.7");
            assertNull(a.refusal());
            l.onDisconnect("198.51.100.7", a.ticket());
        }
        String refusal = l.onConnect("198.51.100.7").refusal();
        assertTrue(refusal.startsWith("421 4.7.0"), refusal);
        assertTrue(l.allowMessage("198.51.100.7"));
        assertTrue(l.allowMessage("198.51.100.7"));
        assertFalse(l.allowMessage("198.51.100.7"));
    }

    @Test
    void trustedNetworksAreExempt() {
        ClientLimits l = limits(Map.of("smtpd.mynetworks", "10.0.0.0/8", "smtpd.client-message-rate-limit", "1",
                "smtpd.client-unknown-recipient-limit", "1"));
        assertTrue(l.allowMessage("10.1.1.1"));
        assertTrue(l.allowMessage("10.1.1.1"));
        assertFalse(l.unknownRecipient("10.1.1.1"));
        assertFalse(l.unknownRecipient("10.1.1.1"));
        assertFalse(l.harvesting("10.1.1.1"));
    }

    /** Issue: 200 unknown-recipient RCPTs over 40 sessions in 2.9 s were never throttled. */
    @Test
    void unknownRecipientsCountPerAddressAcrossSessions() {
        ClientLimits l = limits(Map.of("smtpd.client-unknown-recipient-limit", "20"));
        int refusedAt = -1;
        for (int session = 0; session < 40 && refusedAt < 0; session++) {
            ClientLimits.Admission a = l.onConnect("203.0.113.66");
            for (int rcpt = 0; rcpt < 5; rcpt++) {
                if (l.harvesting("203.0.113.66") || l.unknownRecipient("203.0.113.66")) {
                    refusedAt = session * 5 + rcpt;
                    break;
                }
            }
            l.onDisconnect("203.0.113.66", a.ticket());
        }
        assertEquals(20, refusedAt, "the 21st unknown recipient, in the 5th session, is refused");
        assertTrue(l.harvesting("203.0.113.66"), "and every later session is refused before the look-up");
        assertFalse(l.harvesting("203.0.113.67"), "another address is not affected");
    }
}
