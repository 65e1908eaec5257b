package com.mailplatform.admin.operator.platform;

import com.mailplatform.admin.operator.crd.MailPlatform;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
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
 */
public final class PlatformObjects {

    public static final String MANAGED_BY = "mail-operator";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    static final int HTTP_PORT = 8080;
    static final String TLS_DIR = "/etc/mail/tls";

    private final MailPlatform platform;
    private final MailPlatform.Spec spec;

    public PlatformObjects(MailPlatform platform) {
        this.platform = platform;
        this.spec = platform.getSpec();
    }

    public String name(PlatformComponent c) {
        return platform.getMetadata().getName() + "-" + c.id();
    }

    /** The replicas a Deployment should have when no HPA owns the count. */
    public int replicas(PlatformComponent c) {
        Integer r = c.of(spec).replicas();
        return r == null ? 1 : r;
    }

    public boolean autoscaled(PlatformComponent c) {
        return c.of(spec).autoscaling() != null;
    }

    public Deployment deployment(PlatformComponent c) {
        Map<String, String> selector = selector(c);
        List<EnvVar> env = new ArrayList<>();
        common().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        c.env().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
        if (c.usesDatabase()) {
            String secret = spec.database().credentialsSecret();
            env.add(fromSecret("MAIL_DB_USER", secret, "username"));
            env.add(fromSecret("MAIL_DB_PASSWORD", secret, "password"));
        }
        if (c.usesBroker() && spec.broker().credentialsSecret() != null) {
            env.add(fromSecret("AMQP_USERNAME", spec.broker().credentialsSecret(), "username"));
            env.add(fromSecret("AMQP_PASSWORD", spec.broker().credentialsSecret(), "password"));
        }
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(new ContainerPortBuilder().withName("http").withContainerPort(HTTP_PORT).build());
        c.ports().forEach(p -> ports.add(new ContainerPortBuilder().withName(p.name()).withContainerPort(p.containerPort()).build()));
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        tlsSecret().ifPresent(s -> {
            volumes.add(new VolumeBuilder().withName("tls").withNewSecret().withSecretName(s).endSecret().build());
            mounts.add(new VolumeMountBuilder().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).build());
        });
        MailPlatform.Image image = spec.image();
        String registry = image == null || image.registry() == null ? "ghcr.io/mailplatform" : image.registry();
        String tag = image == null || image.tag() == null ? "0.1.0" : image.tag();
        String pullPolicy = image == null || image.pullPolicy() == null ? "IfNotPresent" : image.pullPolicy();
        return new DeploymentBuilder()
                .withMetadata(meta(c, name(c)).build())
                .withNewSpec()
                    .withReplicas(replicas(c))
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels(c)).endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                            .addNewContainer()
                                .withName(c.id())
                                .withImage(registry + "/" + c.id() + ":" + tag)
                                .withImagePullPolicy(pullPolicy)
                                .withPorts(ports)
                                .withEnv(env)
                                .withStartupProbe(probe("/q/health/started", 2, 60))
                                .withLivenessProbe(probe("/q/health/live", 10, 3))
                                .withReadinessProbe(probe("/q/health/ready", 5, 3))
                                .withResources(c.of(spec).resources())
                                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
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

    /** The in-cluster Service: HTTP (health, metrics) and the component's own ports. */
    public Service service(PlatformComponent c) {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(servicePort("http", HTTP_PORT, "http"));
        if (c == PlatformComponent.MAILBOX_STORE) {
            ports.add(servicePort("grpc", 9081, "grpc"));
        }
        return new ServiceBuilder().withMetadata(meta(c, name(c)).build())
                .withNewSpec().withSelector(selector(c)).withPorts(ports).endSpec().build();
    }

    /** The Services clients connect to: standard mail ports (spec.ports) onto the containers' named ports. */
    public List<Service> publicServices() {
        List<Service> out = new ArrayList<>();
        for (PlatformComponent c : List.of(PlatformComponent.SMTP_INGRESS, PlatformComponent.IMAP_POP_GATEWAY)) {
            List<ServicePort> ports = c.ports().stream()
                    .map(p -> servicePort(p.name(), publicPort(p.name()), p.name())).toList();
            String suffix = c == PlatformComponent.SMTP_INGRESS ? "-smtp" : "-imap-pop";
            String type = spec.serviceType() == null ? "ClusterIP" : spec.serviceType();
            out.add(new ServiceBuilder().withMetadata(meta(c, platform.getMetadata().getName() + suffix).build())
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

    int publicPort(String name) {
        Integer p = spec.ports() == null ? null : spec.ports().get(name);
        if (p != null) {
            return p;
        }
        return switch (name) {
            case "smtp" -> 25;
            case "submission" -> 587;
            case "smtps" -> 465;
            case "imap" -> 143;
            case "imaps" -> 993;
            case "pop3" -> 110;
            case "pop3s" -> 995;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private Map<String, String> common() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "0.0.0.0");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(HTTP_PORT));
        env.put("QUARKUS_GRPC_CLIENTS_MAILBOX_STORE_HOST", name(PlatformComponent.MAILBOX_STORE));
        env.put("QUARKUS_GRPC_CLIENTS_MAILBOX_STORE_PORT", "9081");
        env.put("MAIL_DB_JDBC_URL", spec.database().jdbcUrl());
        env.put("MAIL_DB_REACTIVE_URL", spec.database().reactiveUrl());
        env.put("MAIL_AMQP_HOST", spec.broker().host());
        env.put("MAIL_AMQP_PORT", String.valueOf(spec.broker().port() == null ? 5672 : spec.broker().port()));
        if (tlsSecret().isPresent()) {
            env.put("MAIL_TLS_CERT", TLS_DIR + "/tls.crt");
            env.put("MAIL_TLS_KEY", TLS_DIR + "/tls.key");
        }
        return env;
    }

    private Optional<String> tlsSecret() {
        return Optional.ofNullable(spec.tls()).map(MailPlatform.Tls::secretName).filter(s -> !s.isBlank());
    }

    private Map<String, String> selector(PlatformComponent c) {
        Map<String, String> m = new TreeMap<>();
        m.put("app.kubernetes.io/name", c.id());
        m.put(INSTANCE_LABEL, platform.getMetadata().getName());
        return m;
    }

    private Map<String, String> labels(PlatformComponent c) {
        Map<String, String> m = new TreeMap<>(selector(c));
        m.put("app.kubernetes.io/part-of", "mail-platform");
        m.put("app.kubernetes.io/managed-by", MANAGED_BY);
        return m;
    }

    private io.fabric8.kubernetes.api.model.ObjectMetaBuilder meta(PlatformComponent c, String name) {
        return new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(platform.getMetadata().getNamespace()).withLabels(labels(c))
                .withOwnerReferences(owner());
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

    private static Probe probe(String path, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(period).withFailureThreshold(failures).build();
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
