package com.mailplatform.admin.operator.platform;

import com.mailplatform.admin.operator.crd.MailPlatform;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The objects a MailPlatform stands for, computed from its spec alone (pure: no client, unit-tested). Every object
 * is owned by the MailPlatform, so deleting it lets the garbage collector remove them.
 *
 * <p>The same code renders the static manifests of k8s/base ({@link #forBase}, written by {@link BaseManifests}):
 * there objects are named after the component alone, carry no owner, read the shared settings from the ConfigMap
 * {@value #BASE_CONFIG_MAP} instead of inline env, and admin-api is the operator itself.
 */
public final class PlatformObjects {

    public static final String MANAGED_BY = "mail-operator";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    /** The ConfigMap k8s/base's Deployments take their settings from (overlays merge into it). */
    public static final String BASE_CONFIG_MAP = "mail-platform";
    /** The ServiceAccount of the operator (k8s/base/rbac). */
    public static final String OPERATOR_SERVICE_ACCOUNT = "mail-operator";
    static final int HTTP_PORT = 8080;
    static final String TLS_DIR = "/etc/mail/tls";
    /** The non-root user of the images (the Quarkus/UBI convention the image recipe follows). */
    static final long RUN_AS = 185;
    /**
     * JVM footprint (k8s/README.md, "Memory"), read by every {@code java} launcher: a small initial heap that grows
     * with the live data (7-18 MB per service) up to half the container's limit, the serial collector, heap given
     * back after a burst, freed native memory trimmed every 10 s (JDK 17.0.9+; older JDKs ignore the option).
     */
    static final String JDK_JAVA_OPTIONS = "-XX:+IgnoreUnrecognizedVMOptions -XX:+UseSerialGC -Xms16m"
            + " -XX:MaxRAMPercentage=50 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40"
            + " -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000";
    /** Time Quarkus gives in-flight work at shutdown; the grace period keeps this much headroom beyond it. */
    static final int SHUTDOWN_HEADROOM_SECONDS = 10;

    /** Null for the static manifests of k8s/base. */
    private final MailPlatform platform;
    private final String instance;
    private final MailPlatform.Spec spec;

    public PlatformObjects(MailPlatform platform) {
        this.platform = platform;
        this.instance = platform.getMetadata().getName();
        this.spec = platform.getSpec();
    }

    private PlatformObjects(MailPlatform.Spec spec) {
        this.platform = null;
        this.instance = "mail";
        this.spec = spec;
    }

    /** The static manifests' objects for {@code spec} (k8s/base). */
    public static PlatformObjects forBase(MailPlatform.Spec spec) {
        return new PlatformObjects(spec);
    }

    private boolean base() {
        return platform == null;
    }

    public String name(PlatformComponent c) {
        return base() ? c.id() : instance + "-" + c.id();
    }

    /** The replicas a Deployment should have when no HPA owns the count. */
    public int replicas(PlatformComponent c) {
        Integer r = c.of(spec).replicas();
        return r == null ? 1 : r;
    }

    public boolean autoscaled(PlatformComponent c) {
        return c.of(spec).autoscaling() != null;
    }

    /**
     * The settings every component reads, as environment variables (Quarkus maps QUARKUS_HTTP_HOST to
     * quarkus.http.host and so on): the ConfigMap of k8s/base, inline env in the operator's Deployments.
     */
    public Map<String, String> settings() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "0.0.0.0");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(HTTP_PORT));
        grpcClient(env, "MAILBOX_STORE", PlatformComponent.MAILBOX_STORE);
        grpcClient(env, "DELIVERY_SERVICE", PlatformComponent.DELIVERY_SERVICE);
        env.put("MAIL_DB_JDBC_URL", spec.database().jdbcUrl());
        env.put("MAIL_DB_REACTIVE_URL", spec.database().reactiveUrl());
        env.put("MAIL_AMQP_HOST", spec.broker().host());
        env.put("MAIL_AMQP_PORT", String.valueOf(spec.broker().port() == null ? 5672 : spec.broker().port()));
        if (tlsSecret().isPresent()) {
            env.put("MAIL_TLS_CERT", TLS_DIR + "/tls.crt");
            env.put("MAIL_TLS_KEY", TLS_DIR + "/tls.key");
        }
        MailPlatform.Settings s = spec.settings();
        if (s != null && s.myhostname() != null) {
            // smtpd.myhostname and delivery.myhostname read it (greeting, Received, DSN Reporting-MTA).
            env.put("MAIL_MYHOSTNAME", s.myhostname());
        }
        if (s != null && s.mynetworks() != null && !s.mynetworks().isEmpty()) {
            env.put("SMTPD_MYNETWORKS", String.join(",", s.mynetworks()));
        }
        if (s != null && s.relayhost() != null && !s.relayhost().isBlank()) {
            env.put("DELIVERY_RELAYHOST", s.relayhost());
        }
        env.put("JDK_JAVA_OPTIONS", JDK_JAVA_OPTIONS);
        // Images started by run-java.sh (Quarkus/UBI OpenJDK) add their own collector; make it the same one.
        env.put("GC_CONTAINER_OPTIONS", "-XX:+UseSerialGC");
        return env;
    }

    private void grpcClient(Map<String, String> env, String client, PlatformComponent server) {
        env.put("QUARKUS_GRPC_CLIENTS_" + client + "_HOST", name(server));
        env.put("QUARKUS_GRPC_CLIENTS_" + client + "_PORT", String.valueOf(server.port("grpc").containerPort()));
    }

    /** What one component's container gets besides {@link #settings()}: listeners, credentials, its role. */
    List<EnvVar> componentEnv(PlatformComponent c) {
        List<EnvVar> env = new ArrayList<>();
        c.bindEnv().forEach(name -> env.add(new EnvVar(name, "0.0.0.0", null)));
        c.ports().forEach(p -> env.add(new EnvVar(p.env(), String.valueOf(p.containerPort()), null)));
        env.add(new EnvVar("QUARKUS_SHUTDOWN_TIMEOUT", (c.gracePeriodSeconds() - SHUTDOWN_HEADROOM_SECONDS) + "s", null));
        if (c.usesDatabase()) {
            String secret = spec.database().credentialsSecret();
            env.add(fromSecret("MAIL_DB_USER", secret, "username"));
            env.add(fromSecret("MAIL_DB_PASSWORD", secret, "password"));
        }
        if (c.usesBroker() && spec.broker().credentialsSecret() != null) {
            env.add(fromSecret("AMQP_USERNAME", spec.broker().credentialsSecret(), "username"));
            env.add(fromSecret("AMQP_PASSWORD", spec.broker().credentialsSecret(), "password"));
        }
        if (c == PlatformComponent.ADMIN_API) {
            // In k8s/base admin-api is the operator, watching its own namespace only (RBAC grants no more);
            // the admin-api a MailPlatform deploys serves the REST API only.
            env.add(new EnvVar("ADMIN_OPERATOR_ENABLED", String.valueOf(base()), null));
            if (base()) {
                env.add(new EnvVarBuilder().withName("ADMIN_OPERATOR_NAMESPACE").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
            }
            Optional.ofNullable(spec.settings()).map(MailPlatform.Settings::adminTokenSecret).filter(s -> !s.isBlank())
                    .ifPresent(s -> env.add(fromSecret("ADMIN_API_TOKEN", s, "token")));
        }
        return env;
    }

    public Deployment deployment(PlatformComponent c) {
        Map<String, String> selector = selector(c);
        List<EnvVar> env = new ArrayList<>();
        List<EnvFromSource> envFrom = new ArrayList<>();
        if (base()) {
            envFrom.add(new EnvFromSourceBuilder().withNewConfigMapRef().withName(BASE_CONFIG_MAP).endConfigMapRef().build());
        } else {
            settings().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        }
        env.addAll(componentEnv(c));
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(new ContainerPortBuilder().withName("http").withContainerPort(HTTP_PORT).build());
        c.ports().forEach(p -> ports.add(new ContainerPortBuilder().withName(p.name()).withContainerPort(p.containerPort()).build()));
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        // The root file system is read-only; the JVM and Vert.x write below /tmp.
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        if (c.servesTls()) {
            tlsSecret().ifPresent(s -> {
                // k8s/base: written by cert-manager in production; optional so that a cluster without it still
                // schedules the pods (an overlay without TLS removes MAIL_TLS_CERT/KEY from the ConfigMap).
                volumes.add(new VolumeBuilder().withName("tls").withNewSecret().withSecretName(s)
                        .withOptional(base() ? Boolean.TRUE : null).endSecret().build());
                mounts.add(new VolumeMountBuilder().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).build());
            });
        }
        MailPlatform.Image image = spec.image();
        String registry = image == null || image.registry() == null ? "ghcr.io/mailplatform" : image.registry();
        String tag = image == null || image.tag() == null ? "0.1.0" : image.tag();
        String pullPolicy = image == null || image.pullPolicy() == null ? "IfNotPresent" : image.pullPolicy();
        boolean operator = base() && c == PlatformComponent.ADMIN_API;
        return new DeploymentBuilder()
                .withMetadata(meta(c, name(c)).build())
                .withNewSpec()
                    .withReplicas(replicas(c))
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels(c)).endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(operator ? OPERATOR_SERVICE_ACCOUNT : null)
                            // Only the operator talks to the Kubernetes API.
                            .withAutomountServiceAccountToken(operator)
                            .withTerminationGracePeriodSeconds((long) c.gracePeriodSeconds())
                            .withSecurityContext(podSecurityContext())
                            .addNewContainer()
                                .withName(c.id())
                                .withImage(registry + "/" + c.id() + ":" + tag)
                                .withImagePullPolicy(pullPolicy)
                                .withPorts(ports)
                                .withEnvFrom(envFrom)
                                .withEnv(env)
                                // Up to 2 min to start (Flyway migrations on a big database); liveness is the
                                // process answering (no dependency: a down database must not restart every pod);
                                // readiness includes PostgreSQL and the broker, so a pod without them gets no traffic.
                                .withStartupProbe(probe("/q/health/started", 2, 60))
                                .withLivenessProbe(probe("/q/health/live", 10, 3))
                                .withReadinessProbe(probe("/q/health/ready", 5, 3))
                                .withResources(resources(c))
                                .withSecurityContext(containerSecurityContext())
                                .withVolumeMounts(mounts)
                            .endContainer()
                            .withVolumes(volumes)
                            .withNewAffinity().withNewPodAntiAffinity()
                                // Replicas on different nodes where possible: one node's loss leaves the others.
                                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100)
                                    .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                                        .withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                                    .endPodAffinityTerm()
                                .endPreferredDuringSchedulingIgnoredDuringExecution()
                            .endPodAntiAffinity().endAffinity()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** The spec's resources for {@code c}, else requests measured on the local stack and a 512 MiB limit. */
    ResourceRequirements resources(PlatformComponent c) {
        ResourceRequirements r = c.of(spec).resources();
        if (r != null && (r.getRequests() != null && !r.getRequests().isEmpty() || r.getLimits() != null && !r.getLimits().isEmpty())) {
            return r;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity(c.memoryRequest()))
                .addToLimits("memory", new Quantity("512Mi"))
                .build();
    }

    static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(RUN_AS).withRunAsGroup(RUN_AS)
                .withFsGroup(RUN_AS).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build();
    }

    static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().build();
    }

    /** The in-cluster Service: HTTP (health, metrics) and the component's ports only the platform uses (gRPC). */
    public Service service(PlatformComponent c) {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(servicePort("http", HTTP_PORT, "http"));
        c.ports().stream().filter(p -> p.publicPort() == null)
                .forEach(p -> ports.add(servicePort(p.name(), p.containerPort(), p.name())));
        return new ServiceBuilder().withMetadata(meta(c, name(c)).build())
                .withNewSpec().withSelector(selector(c)).withPorts(ports).endSpec().build();
    }

    /** The Services clients connect to: standard mail ports (spec.ports) onto the containers' named ports. */
    public List<Service> publicServices() {
        List<Service> out = new ArrayList<>();
        for (PlatformComponent c : List.of(PlatformComponent.SMTP_INGRESS, PlatformComponent.IMAP_POP_GATEWAY)) {
            List<ServicePort> ports = c.ports().stream().filter(p -> p.publicPort() != null)
                    .map(p -> servicePort(p.name(), publicPort(p), p.name())).toList();
            String suffix = c == PlatformComponent.SMTP_INGRESS ? "-smtp" : "-imap-pop";
            String type = spec.serviceType() == null ? "ClusterIP" : spec.serviceType();
            out.add(new ServiceBuilder().withMetadata(meta(c, instance + suffix).build())
                    .withNewSpec().withType(type).withSelector(selector(c)).withPorts(ports).endSpec().build());
        }
        return out;
    }

    /** A PodDisruptionBudget once a component has more than one pod: drains take at most one at a time. */
    public Optional<PodDisruptionBudget> podDisruptionBudget(PlatformComponent c) {
        MailPlatform.Autoscaling a = c.of(spec).autoscaling();
        int floor = a == null ? replicas(c) : Optional.ofNullable(a.minReplicas()).orElse(1);
        if (floor < 2) {
            return Optional.empty();
        }
        return Optional.of(new PodDisruptionBudgetBuilder().withMetadata(meta(c, name(c)).build())
                .withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(selector(c)).endSelector().endSpec().build());
    }

    public Optional<HorizontalPodAutoscaler> horizontalPodAutoscaler(PlatformComponent c) {
        MailPlatform.Autoscaling a = c.of(spec).autoscaling();
        if (a == null) {
            return Optional.empty();
        }
        int max = a.maxReplicas() == null ? replicas(c) : a.maxReplicas();
        int min = Math.min(max, a.minReplicas() == null ? 1 : a.minReplicas());
        int cpu = a.targetCPUUtilizationPercentage() == null ? 75 : a.targetCPUUtilizationPercentage();
        return Optional.of(new HorizontalPodAutoscalerBuilder().withMetadata(meta(c, name(c)).build())
                .withNewSpec()
                    .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(name(c)).endScaleTargetRef()
                    .withMinReplicas(min).withMaxReplicas(max)
                    .addNewMetric().withType("Resource").withNewResource().withName("cpu")
                        .withNewTarget().withType("Utilization").withAverageUtilization(cpu).endTarget()
                    .endResource().endMetric()
                .endSpec().build());
    }

    int publicPort(PlatformComponent.Port port) {
        Integer p = spec.ports() == null ? null : spec.ports().get(port.name());
        return p != null ? p : port.publicPort();
    }

    private Optional<String> tlsSecret() {
        return Optional.ofNullable(spec.tls()).map(MailPlatform.Tls::secretName).filter(s -> !s.isBlank());
    }

    private Map<String, String> selector(PlatformComponent c) {
        Map<String, String> m = new TreeMap<>();
        m.put(NAME_LABEL, c.id());
        if (!base()) {
            m.put(INSTANCE_LABEL, instance);
        }
        return m;
    }

    /** k8s/base adds app.kubernetes.io/part-of itself (its kustomization's labels). */
    private Map<String, String> labels(PlatformComponent c) {
        Map<String, String> m = new TreeMap<>(selector(c));
        if (!base()) {
            m.put("app.kubernetes.io/part-of", "mail-platform");
            m.put("app.kubernetes.io/managed-by", MANAGED_BY);
        }
        return m;
    }

    private ObjectMetaBuilder meta(PlatformComponent c, String name) {
        ObjectMetaBuilder m = new ObjectMetaBuilder().withName(name).withLabels(labels(c));
        if (!base()) {
            m.withNamespace(platform.getMetadata().getNamespace()).withOwnerReferences(owner());
        }
        return m;
    }

    private OwnerReference owner() {
        return new OwnerReferenceBuilder().withApiVersion(platform.getApiVersion()).withKind(platform.getKind())
                .withName(platform.getMetadata().getName()).withUid(platform.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    /**
     * 3 s per attempt: a hung PostgreSQL makes the datasource checks hang rather than fail, and the broker check
     * gives up after 2 s; a probe that times out counts as failed, so readiness drops either way.
     */
    private static Probe probe(String path, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(period).withTimeoutSeconds(3).withFailureThreshold(failures).build();
    }

    private static ServicePort servicePort(String name, int port, String target) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(target)).build();
    }

    /** True if the object is one this operator manages for some MailPlatform. */
    public static boolean managed(HasMetadata o) {
        return o.getMetadata().getLabels() != null
                && MANAGED_BY.equals(o.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }
}
