package com.mailplatform.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Both overlays render with {@code kubectl kustomize}, every object parses into its fabric8 model class with no
 * unknown field, and the objects fit together: probes everywhere, Services and NetworkPolicies reach ports that
 * containers declare, selectors select pods, PDBs and HPAs target existing workloads, references to ConfigMaps
 * and Secrets resolve (or name a Secret an operator or a person provides, as k8s/README.md says).
 */
class OverlayManifestsTest {

    /** Kinds served by operators the production overlay relies on, with the spec fields they require. */
    private static final Map<String, List<String>> OPERATOR_KINDS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", List.of("instances", "storage.size"),
            "broker.amq.io/v1beta1/ActiveMQArtemis", List.of("deploymentPlan.size", "acceptors"),
            "cert-manager.io/v1/Certificate", List.of("secretName", "issuerRef.name", "dnsNames"));

    /** The platform's five services; their images are ghcr.io/mailplatform/<name> (dev: localhost/mailplatform/<name>). */
    static final Set<String> PLATFORM = Set.of("mailbox-store", "smtp-ingress", "delivery-service",
            "imap-pop-gateway", "admin-api");

    /** Standard mail port -> the container port behind it (the images run unprivileged). */
    private static final Map<Integer, Integer> MAIL_PORTS = Map.of(25, 2525, 587, 5870, 465, 4650, 143, 1430,
            993, 9930, 110, 1110, 995, 9950, 4190, 4190);

    @Test
    void devRendersOneReplicaOfEverythingWithItsOwnDatabaseAndBroker() throws Exception {
        List<HasMetadata> objects = render("dev");
        checkConsistency(objects, Set.of("mail-tls"));
        for (Deployment d : all(objects, Deployment.class)) {
            assertEquals(1, d.getSpec().getReplicas(), Manifests.id(d) + " replicas in dev");
        }
        assertTrue(names(objects, Deployment.class).containsAll(Set.of("postgres", "broker")));
        assertTrue(all(objects, PodDisruptionBudget.class).isEmpty(), "dev has no PDBs");
        assertTrue(objects.stream().noneMatch(o -> o instanceof GenericKubernetesResource), "dev needs no operators");
    }

    @Test
    void productionRendersHighAvailability() throws Exception {
        List<HasMetadata> objects = render("production");
        // Provided by the operators (CloudNativePG: mail-db-app; cert-manager: mail-tls) or by the person
        // deploying (broker and admin credentials), see k8s/README.md.
        checkConsistency(objects, Set.of("mail-db-app", "mail-tls", "mail-broker-credentials", "admin-api-token"));
        List<Deployment> platform = all(objects, Deployment.class).stream()
                .filter(d -> PLATFORM.contains(d.getMetadata().getName())).toList();
        assertEquals(PLATFORM.size(), platform.size());
        Set<String> pdbTargets = new java.util.HashSet<>();
        for (PodDisruptionBudget p : all(objects, PodDisruptionBudget.class)) {
            platform.stream().filter(d -> selects(p.getSpec().getSelector(), podLabels(d.getSpec().getTemplate())))
                    .forEach(d -> pdbTargets.add(d.getMetadata().getName()));
        }
        for (Deployment d : platform) {
            String id = Manifests.id(d);
            assertTrue(d.getSpec().getReplicas() >= 2, id + " needs at least two replicas in production");
            assertTrue(pdbTargets.contains(d.getMetadata().getName()), id + " has no PodDisruptionBudget");
            var affinity = d.getSpec().getTemplate().getSpec().getAffinity();
            assertTrue(affinity != null && affinity.getPodAntiAffinity() != null, id + " has no pod anti-affinity");
        }
        Set<String> kinds = objects.stream().map(o -> o.getApiVersion() + "/" + o.getKind()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(OPERATOR_KINDS.keySet()), "production needs " + OPERATOR_KINDS.keySet() + ", has " + kinds);
        assertTrue(all(objects, HorizontalPodAutoscaler.class).size() >= 2, "HPAs for the front ends");
        // Ingress is closed by default; only the mail ports are open to everyone, gRPC only to platform pods.
        List<NetworkPolicy> policies = all(objects, NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(n -> n.getSpec().getIngress() == null || n.getSpec().getIngress().isEmpty()),
                "a default-deny ingress policy");
        for (NetworkPolicy n : policies) {
            for (var rule : Objects.requireNonNullElse(n.getSpec().getIngress(), List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of())) {
                boolean fromAnywhere = rule.getFrom() == null || rule.getFrom().isEmpty();
                if (fromAnywhere) {
                    for (NetworkPolicyPort p : rule.getPorts()) {
                        int number = resolvePolicyPort(objects, n, p);
                        assertTrue(MAIL_PORTS.containsValue(number), Manifests.id(n) + " opens non-mail port " + number + " to everyone");
                    }
                }
            }
        }
        for (Service s : all(objects, Service.class)) {
            if (s.getSpec().getPorts().stream().anyMatch(p -> MAIL_PORTS.containsKey(p.getPort()))) {
                assertEquals("LoadBalancer", s.getSpec().getType(), Manifests.id(s) + " serves mail ports to the outside");
            }
        }
    }

    static List<HasMetadata> render(String overlay) throws Exception {
        String yaml = Kustomize.render(Kustomize.K8S.resolve("overlays").resolve(overlay));
        List<HasMetadata> objects = Manifests.parse(yaml, "overlays/" + overlay);
        assertTrue(objects.size() > 10, "overlay " + overlay + " rendered only " + objects.size() + " objects");
        for (HasMetadata o : objects) {
            if (o instanceof GenericKubernetesResource g) {
                String kind = o.getApiVersion() + "/" + o.getKind();
                List<String> required = OPERATOR_KINDS.get(kind);
                if (required == null) {
                    fail(Manifests.id(o) + ": apiVersion/kind " + kind + " is not a known Kubernetes kind "
                            + "(deprecated version or typo?) nor one of the operators' kinds " + OPERATOR_KINDS.keySet());
                }
                for (String path : required) {
                    Object v = g.get(Stream.concat(Stream.of("spec"), Stream.of(path.split("\\."))).toArray(Object[]::new));
                    assertTrue(v != null && !(v instanceof List<?> l && l.isEmpty()), Manifests.id(o) + " needs spec." + path);
                }
            }
        }
        return objects;
    }

    /** Checks every overlay must pass; {@code external} are Secret names created outside the manifests. */
    private static void checkConsistency(List<HasMetadata> objects, Set<String> external) {
        List<PodTemplateSpec> pods = workloads(objects).stream().map(OverlayManifestsTest::template).toList();
        Set<String> configMaps = names(objects, ConfigMap.class);
        Set<String> secrets = names(objects, Secret.class);
        for (HasMetadata w : workloads(objects)) {
            PodTemplateSpec t = template(w);
            String id = Manifests.id(w);
            LabelSelector sel = w instanceof Deployment d ? d.getSpec().getSelector() : ((StatefulSet) w).getSpec().getSelector();
            assertTrue(selects(sel, podLabels(t)), id + ": its selector does not match its own pod labels");
            for (Container c : t.getSpec().getContainers()) {
                String cid = id + " container " + c.getName();
                assertProbe(c.getLivenessProbe(), c, cid + " liveness");
                assertProbe(c.getReadinessProbe(), c, cid + " readiness");
                if (PLATFORM.contains(w.getMetadata().getName())) {
                    // dev: the images k8s/images/build.sh makes locally; production: the published ones
                    assertTrue(c.getImage().matches("(ghcr\\.io|localhost)/mailplatform/" + w.getMetadata().getName() + ":.+"), cid + " image " + c.getImage());
                    assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath(), cid);
                    assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath(), cid);
                }
                for (EnvFromSource f : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
                    if (f.getConfigMapRef() != null) {
                        assertTrue(configMaps.contains(f.getConfigMapRef().getName()), cid + ": no ConfigMap " + f.getConfigMapRef().getName());
                    }
                }
                for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        String s = e.getValueFrom().getSecretKeyRef().getName();
                        assertTrue(secrets.contains(s) || external.contains(s), cid + ": env " + e.getName() + " needs Secret " + s
                                + ", which is neither rendered nor documented as provided from outside");
                    }
                }
            }
            for (Volume v : Objects.requireNonNullElse(t.getSpec().getVolumes(), List.<Volume>of())) {
                if (v.getSecret() != null) {
                    String s = v.getSecret().getSecretName();
                    assertTrue(secrets.contains(s) || external.contains(s) || Boolean.TRUE.equals(v.getSecret().getOptional()),
                            id + ": volume " + v.getName() + " needs Secret " + s);
                }
            }
        }
        for (Service s : all(objects, Service.class)) {
            String id = Manifests.id(s);
            Map<String, String> selector = s.getSpec().getSelector();
            assertTrue(selector != null && !selector.isEmpty(), id + " has no selector");
            List<PodTemplateSpec> selected = pods.stream().filter(p -> podLabels(p).entrySet().containsAll(selector.entrySet())).toList();
            assertTrue(!selected.isEmpty(), id + ": selector " + selector + " matches no pod template");
            for (ServicePort p : s.getSpec().getPorts()) {
                for (PodTemplateSpec pod : selected) {
                    int target = resolve(pod, p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort(), id + " port " + p.getName());
                    if (MAIL_PORTS.containsKey(p.getPort())) {
                        assertEquals(MAIL_PORTS.get(p.getPort()), target, id + ": port " + p.getPort() + " must reach container port " + MAIL_PORTS.get(p.getPort()));
                    }
                }
            }
        }
        for (PodDisruptionBudget p : all(objects, PodDisruptionBudget.class)) {
            assertTrue(pods.stream().anyMatch(t -> selects(p.getSpec().getSelector(), podLabels(t))), Manifests.id(p) + " selects no pods");
        }
        for (HorizontalPodAutoscaler h : all(objects, HorizontalPodAutoscaler.class)) {
            var ref = h.getSpec().getScaleTargetRef();
            assertTrue(workloads(objects).stream().anyMatch(w -> w.getKind().equals(ref.getKind())
                    && w.getMetadata().getName().equals(ref.getName())), Manifests.id(h) + " targets missing " + ref.getKind() + "/" + ref.getName());
            assertTrue(h.getSpec().getMinReplicas() <= h.getSpec().getMaxReplicas(), Manifests.id(h) + " min > max");
        }
        for (NetworkPolicy n : all(objects, NetworkPolicy.class)) {
            assertTrue(pods.stream().anyMatch(t -> selects(n.getSpec().getPodSelector(), podLabels(t))), Manifests.id(n) + " selects no pods");
            for (var rule : Objects.requireNonNullElse(n.getSpec().getIngress(), List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of())) {
                for (NetworkPolicyPort p : Objects.requireNonNullElse(rule.getPorts(), List.<NetworkPolicyPort>of())) {
                    resolvePolicyPort(objects, n, p);
                }
            }
        }
    }

    private static int resolvePolicyPort(List<HasMetadata> objects, NetworkPolicy n, NetworkPolicyPort p) {
        int number = -1;
        for (HasMetadata w : workloads(objects)) {
            PodTemplateSpec t = template(w);
            if (selects(n.getSpec().getPodSelector(), podLabels(t))) {
                number = resolve(t, p.getPort(), Manifests.id(n) + " port " + p.getPort());
            }
        }
        return number;
    }

    private static void assertProbe(Probe p, Container c, String what) {
        assertTrue(p != null, what + " probe missing");
        if (p.getHttpGet() != null) {
            resolveContainer(c, p.getHttpGet().getPort(), what);
        } else if (p.getTcpSocket() != null) {
            resolveContainer(c, p.getTcpSocket().getPort(), what);
        } else {
            assertTrue(p.getExec() != null || p.getGrpc() != null, what + " probe has no handler");
        }
    }

    /** The container port number a named or numbered port means in a pod template; fails if none declares it. */
    static int resolve(PodTemplateSpec t, IntOrString port, String what) {
        for (Container c : t.getSpec().getContainers()) {
            Integer n = tryResolve(c, port);
            if (n != null) {
                return n;
            }
        }
        throw new AssertionError(what + ": no container declares port " + (port.getIntVal() != null ? port.getIntVal() : port.getStrVal()));
    }

    private static int resolveContainer(Container c, IntOrString port, String what) {
        Integer n = tryResolve(c, port);
        assertTrue(n != null, what + ": container does not declare port " + port.getStrVal());
        return n;
    }

    private static Integer tryResolve(Container c, IntOrString port) {
        for (ContainerPort p : Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of())) {
            if (port.getIntVal() != null ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName())) {
                return p.getContainerPort();
            }
        }
        return null;
    }

    private static boolean selects(LabelSelector s, Map<String, String> labels) {
        if (s == null) {
            return false;
        }
        if (s.getMatchExpressions() != null && !s.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not checked here; use matchLabels");
        }
        Map<String, String> want = Objects.requireNonNullElse(s.getMatchLabels(), Map.of());
        return labels.entrySet().containsAll(want.entrySet());
    }

    private static Map<String, String> podLabels(PodTemplateSpec t) {
        return t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels();
    }

    static List<HasMetadata> workloads(List<HasMetadata> objects) {
        List<HasMetadata> out = new ArrayList<>(all(objects, Deployment.class));
        out.addAll(all(objects, StatefulSet.class));
        return out;
    }

    static PodTemplateSpec template(HasMetadata w) {
        return w instanceof Deployment d ? d.getSpec().getTemplate() : ((StatefulSet) w).getSpec().getTemplate();
    }

    static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> type) {
        return all(objects, type).stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
