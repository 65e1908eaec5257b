package com.mailplatform.admin.operator.platform;

import com.mailplatform.admin.operator.crd.MailPlatform;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The mail components a MailPlatform deploys, with what differs between them. The container ports are
 * unprivileged (the images run as a non-root user); public Services map the standard ports onto them. The same
 * numbers are used by the static manifests in k8s/base/services/.
 */
public enum PlatformComponent {

    MAILBOX_STORE("mailbox-store", MailPlatform.Components::mailboxStore, true, false,
            List.of(new Port("grpc", 9081)),
            Map.of("QUARKUS_GRPC_SERVER_HOST", "0.0.0.0", "QUARKUS_GRPC_SERVER_PORT", "9081")),
    SMTP_INGRESS("smtp-ingress", MailPlatform.Components::smtpIngress, false, true,
            List.of(new Port("smtp", 2525), new Port("submission", 5870), new Port("smtps", 4650)),
            Map.of("SMTPD_INET_INTERFACES", "0.0.0.0", "SMTPD_PORT", "2525", "SMTPD_SUBMISSION_PORT", "5870",
                    "SMTPD_SUBMISSIONS_PORT", "4650")),
    DELIVERY_SERVICE("delivery-service", MailPlatform.Components::deliveryService, true, true, List.of(), Map.of()),
    IMAP_POP_GATEWAY("imap-pop-gateway", MailPlatform.Components::imapPopGateway, false, false,
            List.of(new Port("imap", 1430), new Port("imaps", 9930), new Port("pop3", 1110), new Port("pop3s", 9950)),
            Map.of("POP3_HOST", "0.0.0.0", "POP3_PORT", "1110", "POP3_TLS_PORT", "9950", "IMAP_HOST", "0.0.0.0",
                    "IMAP_PORT", "1430", "IMAP_TLS_PORT", "9930"));

    /** A named container port. */
    public record Port(String name, int containerPort) {
    }

    private final String id;
    private final Function<MailPlatform.Components, MailPlatform.Component> spec;
    private final boolean database;
    private final boolean broker;
    private final List<Port> ports;
    private final Map<String, String> env;

    PlatformComponent(String id, Function<MailPlatform.Components, MailPlatform.Component> spec, boolean database,
            boolean broker, List<Port> ports, Map<String, String> env) {
        this.id = id;
        this.spec = spec;
        this.database = database;
        this.broker = broker;
        this.ports = ports;
        this.env = env;
    }

    /** The service's name, also its image name and the value of app.kubernetes.io/name. */
    public String id() {
        return id;
    }

    /** This component's part of the spec; never null (absent means one replica, no autoscaling). */
    public MailPlatform.Component of(MailPlatform.Spec spec) {
        MailPlatform.Component c = spec == null || spec.components() == null ? null : this.spec.apply(spec.components());
        return c == null ? new MailPlatform.Component(1, null, null) : c;
    }

    public boolean usesDatabase() {
        return database;
    }

    public boolean usesBroker() {
        return broker;
    }

    public List<Port> ports() {
        return ports;
    }

    public Map<String, String> env() {
        return env;
    }
}
