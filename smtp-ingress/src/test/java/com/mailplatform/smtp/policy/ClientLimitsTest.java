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
        assertNull(l.onConnect("192.0.2.1"));
        assertNull(l.onConnect("192.0.2.1"));
        assertNotNull(l.onConnect("192.0.2.1"), "the third at once is refused");
        assertNull(l.onConnect("192.0.2.2"), "another client is not affected");
        l.onDisconnect("192.0.2.1");
        l.onDisconnect("192.0.2.1");
        assertNull(l.onConnect("192.0.2.1"), "a slot is free again");
    }

    @Test
    void connectionAndMessageRates() {
        ClientLimits l = limits(Map.of("smtpd.client-connection-rate-limit", "3", "smtpd.client-message-rate-limit", "2",
                "smtpd.client-connection-count-limit", "0"));
        for (int i = 0; i < 3; i++) {
            assertNull(l.onConnect("198.51.100.7"));
            l.onDisconnect("198.51.100.7");
        }
        String refusal = l.onConnect("198.51.100.7");
        assertTrue(refusal.startsWith("421 4.7.0"), refusal);
        assertTrue(l.allowMessage("198.51.100.7"));
        assertTrue(l.allowMessage("198.51.100.7"));
        assertFalse(l.allowMessage("198.51.100.7"));
    }

    @Test
    void trustedNetworksAreExemptAndAuthFailuresCountPerAddressAndAccount() {
        ClientLimits l = limits(Map.of("smtpd.mynetworks", "10.0.0.0/8", "smtpd.client-message-rate-limit", "1"));
        assertTrue(l.allowMessage("10.1.1.1"));
        assertTrue(l.allowMessage("10.1.1.1"));
        l.authFailed("203.0.113.5", "Victim@example.test");
        l.authFailed("203.0.113.6", "victim@example.test");
        assertEquals(1, l.authFailures("203.0.113.5", null));
        assertEquals(2, l.authFailures("203.0.113.9", "VICTIM@example.test"), "failures follow the account across addresses");
    }
}
