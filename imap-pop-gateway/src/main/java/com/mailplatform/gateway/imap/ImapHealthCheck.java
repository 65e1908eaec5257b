package com.mailplatform.gateway.imap;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once an IMAP port is bound (or IMAP is switched off). Shown at /q/health/ready. */
@Readiness
@ApplicationScoped
public class ImapHealthCheck implements HealthCheck {

    private final ImapServer server;
    private final ImapConfig config;

    public ImapHealthCheck(ImapServer server, ImapConfig config) {
        this.server = server;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("imap").status(!config.enabled() || server.listening())
                .withData("port", server.plainPort())
                .withData("tls-port", server.tlsPort())
                .build();
    }
}
