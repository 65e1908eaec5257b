package com.mailplatform.admin.operator.platform;

import com.mailplatform.admin.operator.crd.MailPlatform;
import java.util.List;
import java.util.function.Function;

/**
 * The platform's components with what differs between them: the single definition of their ports, listener
 * settings, dependencies and default resources. The operator's objects and the static manifests of k8s/base (rendered
 * by {@link BaseManifests}) both come from here. Container ports are unprivileged (the images run as UID 185);
 * public Services map the standard ports onto them.
 */
public enum PlatformComponent {

    MAILBOX_STORE("mailbox-store", MailPlatform.Components::mailboxStore, Needs.DATABASE, "256Mi", 30,
            List.of("QUARKUS_GRPC_SERVER_HOST"),
            List.of(Port.internal("grpc", 9081, "QUARKUS_GRPC_SERVER_PORT"))),
    // SMTP sessions in flight get the grace period to finish their transaction (k8s/README.md, "Shutdown").
    SMTP_INGRESS("smtp-ingress", MailPlatform.Components::smtpIngress, Needs.BROKER_AND_TLS, "192Mi", 60,
            List.of("SMTPD_INET_INTERFACES"),
            List.of(Port.open("smtp", 2525, 25, "SMTPD_PORT"), Port.open("submission", 5870, 587, "SMTPD_SUBMISSION_PORT"),
                    Port.open("smtps", 4650, 465, "SMTPD_SUBMISSIONS_PORT"))),
    // Its gRPC (QueueAdmin) is what admin-api's queue, log and route calls use.
    DELIVERY_SERVICE("delivery-service", MailPlatform.Components::deliveryService, Needs.DATABASE_AND_BROKER, "192Mi", 30,
            List.of("QUARKUS_GRPC_SERVER_HOST"),
            List.of(Port.internal("grpc", 9083, "QUARKUS_GRPC_SERVER_PORT"))),
    IMAP_POP_GATEWAY("imap-pop-gateway", MailPlatform.Components::imapPopGateway, Needs.TLS, "160Mi", 30,
            List.of("IMAP_HOST", "POP3_HOST", "MANAGESIEVE_HOST"),
            List.of(Port.open("imap", 1430, 143, "IMAP_PORT"), Port.open("imaps", 9930, 993, "IMAP_TLS_PORT"),
                    Port.open("pop3", 1110, 110, "POP3_PORT"), Port.open("pop3s", 9950, 995, "POP3_TLS_PORT"),
                    // ManageSieve (RFC 5804): clients edit their Sieve scripts on 4190, unprivileged already
                    Port.open("managesieve", 4190, 4190, "MANAGESIEVE_PORT"))),
    // Its audit log lives in the platform's database (schema admin).
    ADMIN_API("admin-api", MailPlatform.Components::adminApi, Needs.DATABASE, "192Mi", 30, List.of(), List.of());

    /**
     * A named container port; {@code publicPort} is the standard port of the public Service, absent for ports only
     * the platform's pods use (they are on the component's own Service). {@code env} tells the service its number.
     */
    public record Port(String name, int containerPort, Integer publicPort, String env) {

        static Port internal(String name, int containerPort, String env) {
            return new Port(name, containerPort, null, env);
        }

        static Port open(String name, int containerPort, int publicPort, String env) {
            return new Port(name, containerPort, publicPort, env);
        }
    }

    /** What a component connects to, hence which credentials and mounts its pods get. */
    enum Needs {
        DATABASE(true, false, false), DATABASE_AND_BROKER(true, true, false), BROKER_AND_TLS(false, true, true),
        TLS(false, false, true);

        final boolean database;
        final boolean broker;
        final boolean tls;

        Needs(boolean database, boolean broker, boolean tls) {
            this.database = database;
            this.broker = broker;
            this.tls = tls;
        }
    }

    private final String id;
    private final Function<MailPlatform.Components, MailPlatform.Component> spec;
    private final Needs needs;
    private final String memoryRequest;
    private final int gracePeriodSeconds;
    private final List<String> bindEnv;
    private final List<Port> ports;

    PlatformComponent(String id, Function<MailPlatform.Components, MailPlatform.Component> spec, Needs needs,
            String memoryRequest, int gracePeriodSeconds, List<String> bindEnv, List<Port> ports) {
        this.id = id;
        this.spec = spec;
        this.needs = needs;
        this.memoryRequest = memoryRequest;
        this.gracePeriodSeconds = gracePeriodSeconds;
        this.bindEnv = bindEnv;
        this.ports = ports;
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
        return needs.database;
    }

    public boolean usesBroker() {
        return needs.broker;
    }

    /** Whether it serves TLS (STARTTLS and implicit TLS), hence mounts the certificate. */
    public boolean servesTls() {
        return needs.tls;
    }

    /** Idle RSS after a short load, measured on the local stack (k8s/README.md, "Memory"). */
    String memoryRequest() {
        return memoryRequest;
    }

    /** terminationGracePeriodSeconds: SIGTERM to SIGKILL. */
    int gracePeriodSeconds() {
        return gracePeriodSeconds;
    }

    /** The settings naming the listeners' address: 0.0.0.0 in a pod (the services' defaults are loopback). */
    List<String> bindEnv() {
        return bindEnv;
    }

    public List<Port> ports() {
        return ports;
    }

    public Port port(String name) {
        return ports.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(id + " has no port " + name));
    }
}
