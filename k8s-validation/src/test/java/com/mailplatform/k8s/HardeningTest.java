package com.mailplatform.k8s;

import static com.mailplatform.k8s.OverlayManifestsTest.PLATFORM;
import static com.mailplatform.k8s.OverlayManifestsTest.all;
import static com.mailplatform.k8s.OverlayManifestsTest.template;
import static com.mailplatform.k8s.OverlayManifestsTest.workloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules an SRE reads the rendered overlays for: hardened pods (non-root, read-only root with a writable /tmp,
 * no capabilities, seccomp), requests and limits, startup/readiness/liveness probes that mean different things,
 * a grace period longer than Quarkus' shutdown timeout, Secrets readable only in the platform's namespace, every
 * gRPC client address served by a Service port, and a myhostname that is not "localhost". Checked on the
 * platform's Deployments of every overlay and on every workload of production (dev's PostgreSQL and broker pods
 * belong to the dev overlay's own recipe). That k8s/base is the operator's rendering is admin-api's
 * BaseManifestsTest (it needs the operator's classes).
 */
class HardeningTest {

    private static final Pattern GRPC_CLIENT = Pattern.compile("QUARKUS_GRPC_CLIENTS_(.+)_HOST");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void workloadsAreHardenedAndProbed(String overlay) throws Exception {
        List<HasMetadata> objects = OverlayManifestsTest.render(overlay);
        int checked = 0;
        for (HasMetadata w : workloads(objects)) {
            if (!PLATFORM.contains(w.getMetadata().getName()) && !"production".equals(overlay)) {
                continue;
            }
            checked++;
            PodTemplateSpec t = template(w);
            String id = overlay + " " + Manifests.id(w);
            PodSecurityContext pod = t.getSpec().getSecurityContext();
            assertNotNull(pod, id + " has no pod securityContext");
            assertEquals(Boolean.TRUE, pod.getRunAsNonRoot(), id + " runAsNonRoot");
            assertNotNull(pod.getFsGroup(), id + " fsGroup");
            assertTrue(pod.getSeccompProfile() != null && "RuntimeDefault".equals(pod.getSeccompProfile().getType()), id + " seccomp RuntimeDefault");
            if (PLATFORM.contains(w.getMetadata().getName())) {
                assertEquals(185L, pod.getRunAsUser(), id + " runs as the images' user 185");
            }
            for (Container c : t.getSpec().getContainers()) {
                String cid = id + " container " + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertNotNull(sc, cid + " has no securityContext");
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), cid + " readOnlyRootFilesystem");
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), cid + " allowPrivilegeEscalation");
                assertTrue(sc.getCapabilities() != null && List.of("ALL").equals(sc.getCapabilities().getDrop()), cid + " drops ALL capabilities");
                assertTrue(writableTmp(t, c), cid + " needs an emptyDir on /tmp (read-only root)");
                var r = c.getResources();
                assertTrue(r != null && r.getRequests() != null && r.getRequests().containsKey("cpu")
                        && r.getRequests().containsKey("memory"), cid + " requests cpu and memory");
                assertTrue(r.getLimits() != null && r.getLimits().containsKey("memory"), cid + " limits memory");
                assertNotNull(c.getStartupProbe(), cid + " startup probe");
                assertNotNull(c.getReadinessProbe(), cid + " readiness probe");
                assertNotNull(c.getLivenessProbe(), cid + " liveness probe");
                if (PLATFORM.contains(w.getMetadata().getName())) {
                    // Liveness must not follow the dependencies (a database outage would restart every pod);
                    // readiness does (SmallRye Health's datasource and AMQP checks are readiness checks).
                    assertEquals("/q/health/started", c.getStartupProbe().getHttpGet().getPath(), cid);
                    assertNotEquals(c.getLivenessProbe().getHttpGet().getPath(), c.getReadinessProbe().getHttpGet().getPath(), cid);
                    Map<String, String> env = env(objects, c);
                    String timeout = env.get("QUARKUS_SHUTDOWN_TIMEOUT");
                    assertNotNull(timeout, cid + " sets quarkus.shutdown.timeout");
                    long grace = Objects.requireNonNullElse(t.getSpec().getTerminationGracePeriodSeconds(), 30L);
                    assertTrue(grace > Long.parseLong(timeout.replace("s", "")), cid + ": grace period " + grace
                            + " s must outlast the shutdown timeout " + timeout + " (else SIGKILL cuts the drain)");
                    String host = env.get("MAIL_MYHOSTNAME");
                    assertTrue(host != null && !host.isBlank() && !"localhost".equals(host), cid + " myhostname is " + host);
                }
            }
        }
        assertTrue(checked >= PLATFORM.size(), overlay + ": only " + checked + " workloads checked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyGrpcClientAddressIsAServicePortAndDatabaseUsersComeFromTheSecret(String overlay) throws Exception {
        List<HasMetadata> objects = OverlayManifestsTest.render(overlay);
        for (Deployment d : all(objects, Deployment.class)) {
            if (!PLATFORM.contains(d.getMetadata().getName())) {
                continue;
            }
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = env(objects, c);
            for (Map.Entry<String, String> e : env.entrySet()) {
                Matcher m = GRPC_CLIENT.matcher(e.getKey());
                if (!m.matches()) {
                    continue;
                }
                int port = Integer.parseInt(env.get("QUARKUS_GRPC_CLIENTS_" + m.group(1) + "_PORT"));
                Service s = all(objects, Service.class).stream().filter(x -> x.getMetadata().getName().equals(e.getValue()))
                        .findFirst().orElseThrow(() -> new AssertionError(overlay + " " + d.getMetadata().getName() + ": no Service " + e.getValue()));
                ServicePort sp = s.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                        .orElseThrow(() -> new AssertionError(overlay + ": Service " + e.getValue() + " does not expose " + port));
                Deployment server = all(objects, Deployment.class).stream().filter(x -> x.getMetadata().getName().equals(e.getValue()))
                        .findFirst().orElseThrow();
                int target = OverlayManifestsTest.resolve(server.getSpec().getTemplate(), sp.getTargetPort(), "gRPC " + e.getValue());
                Map<String, String> serverEnv = env(objects, server.getSpec().getTemplate().getSpec().getContainers().get(0));
                assertEquals(String.valueOf(target), serverEnv.get("QUARKUS_GRPC_SERVER_PORT"), e.getValue() + " gRPC port");
                assertEquals("0.0.0.0", serverEnv.get("QUARKUS_GRPC_SERVER_HOST"), e.getValue() + " binds gRPC beyond loopback");
            }
            if (env.containsKey("MAIL_DB_JDBC_URL") && List.of("admin-api", "mailbox-store", "delivery-service").contains(d.getMetadata().getName())) {
                assertTrue(c.getEnv().stream().anyMatch(v -> "MAIL_DB_USER".equals(v.getName()) && v.getValueFrom() != null
                        && v.getValueFrom().getSecretKeyRef() != null), d.getMetadata().getName() + " takes its database user from a Secret");
            }
        }
        Map<String, String> admin = env(objects, all(objects, Deployment.class).stream()
                .filter(x -> x.getMetadata().getName().equals("admin-api")).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0));
        assertEquals("delivery-service", admin.get("QUARKUS_GRPC_CLIENTS_DELIVERY_SERVICE_HOST"), "admin-api's queue, log and route calls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void secretsAreReadableOnlyInThePlatformsNamespace(String overlay) throws Exception {
        List<HasMetadata> objects = OverlayManifestsTest.render(overlay);
        for (ClusterRole r : all(objects, ClusterRole.class)) {
            for (PolicyRule rule : Objects.requireNonNullElse(r.getRules(), List.<PolicyRule>of())) {
                boolean core = rule.getApiGroups() != null && (rule.getApiGroups().contains("") || rule.getApiGroups().contains("*"));
                boolean secrets = rule.getResources() != null && (rule.getResources().contains("secrets") || rule.getResources().contains("*"));
                assertFalse(core && secrets, Manifests.id(r) + " lets its subjects read Secrets in every namespace");
            }
        }
        assertTrue(all(objects, ClusterRoleBinding.class).isEmpty(), "the operator needs nothing cluster-wide");
        Role role = all(objects, Role.class).stream().filter(r -> "mail-operator".equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("Role mail-operator"));
        assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("secrets")
                && !r.getVerbs().contains("create") && !r.getVerbs().contains("update") && !r.getVerbs().contains("delete")),
                "Secrets are read, never written");
        RoleBinding binding = all(objects, RoleBinding.class).stream().filter(b -> "mail-operator".equals(b.getMetadata().getName()))
                .findFirst().orElseThrow(() -> new AssertionError("RoleBinding mail-operator"));
        assertEquals(role.getMetadata().getNamespace(), binding.getMetadata().getNamespace());
        assertEquals(binding.getMetadata().getNamespace(), binding.getSubjects().get(0).getNamespace());
        Deployment admin = all(objects, Deployment.class).stream().filter(d -> "admin-api".equals(d.getMetadata().getName())).findFirst().orElseThrow();
        var pod = admin.getSpec().getTemplate().getSpec();
        assertEquals("mail-operator", pod.getServiceAccountName());
        EnvVar ns = pod.getContainers().get(0).getEnv().stream().filter(e -> "ADMIN_OPERATOR_NAMESPACE".equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the operator must watch only its namespace (its Role's)"));
        assertEquals("metadata.namespace", ns.getValueFrom().getFieldRef().getFieldPath());
        for (Deployment d : all(objects, Deployment.class)) {
            if (PLATFORM.contains(d.getMetadata().getName()) && d != admin) {
                assertEquals(Boolean.FALSE, d.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                        d.getMetadata().getName() + " does not talk to the Kubernetes API: no token");
            }
        }
    }

    private static boolean writableTmp(PodTemplateSpec t, Container c) {
        for (VolumeMount m : Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of())) {
            if ("/tmp".equals(m.getMountPath())) {
                return t.getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null);
            }
        }
        return false;
    }

    /** The container's environment as the kubelet builds it: envFrom ConfigMaps, then env (literal values). */
    static Map<String, String> env(List<HasMetadata> objects, Container c) {
        Map<String, String> env = new HashMap<>();
        for (EnvFromSource f : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
            if (f.getConfigMapRef() != null) {
                all(objects, ConfigMap.class).stream().filter(m -> m.getMetadata().getName().equals(f.getConfigMapRef().getName()))
                        .findFirst().ifPresent(m -> env.putAll(m.getData()));
            }
        }
        for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }
}
