package com.mailplatform.common.queue;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Not ready while the broker does not answer ({@link BrokerProbe}): Kubernetes then sends the pod no traffic. A
 * readiness check only, never liveness: a broker outage must not restart pods (the connector reconnects by itself).
 * Each service that uses the broker declares a {@code @Readiness @ApplicationScoped} subclass.
 */
public abstract class BrokerReadinessCheck implements HealthCheck {

    /** Below the probes' timeoutSeconds (3 s in k8s/base). */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Override
    public HealthCheckResponse call() {
        // Read here, not injected: the subclasses live in the services' packages.
        Config config = ConfigProvider.getConfig();
        String host = config.getValue("amqp-host", String.class);
        int port = config.getValue("amqp-port", Integer.class);
        return BrokerProbe.problem(host, port, TIMEOUT)
                .map(p -> HealthCheckResponse.named("broker").down().withData("error", p).build())
                .orElseGet(() -> HealthCheckResponse.named("broker").up().withData("address", host + ":" + port).build());
    }
}
