package com.mailplatform.gateway.pop3;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the POP3 port is bound (or POP3 is switched off). Shown at /q/health/ready. */
@Readiness
@ApplicationScoped
public class Pop3HealthCheck implements HealthCheck {

    private final Pop3Server server;
    private final Pop3Config config;

    public Pop3HealthCheck(Pop3Server server, Pop3Config config) {
        this.server = server;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !config.enabled() || server.listening();
        return HealthCheckResponse.named("pop3").status(up)
                .withData("enabled", config.enabled())
                .withData("port", server.actualPort())
                .build();
    }
}
