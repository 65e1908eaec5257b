package com.mailplatform.admin.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.admin.operator.controller.Conditions;
import com.mailplatform.admin.operator.controller.Controller;
import com.mailplatform.admin.operator.controller.EventRecorder;
import com.mailplatform.admin.operator.crd.CrdFiles;
import com.mailplatform.admin.operator.crd.MailPlatform;
import com.mailplatform.admin.operator.platform.MailPlatformReconciler;
import com.mailplatform.admin.operator.platform.PlatformObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MailPlatform controller (informer, work queue, reconciler, Deployment watch) against the fabric8 mock API
 * server in CRUD mode, with the CRDs of k8s/base/crds/ installed.
 */
@EnableKubernetesMockClient(crud = true)
class MailPlatformOperatorTest {

    static KubernetesClient client;
    private static final String NS = "mail";
    private Controller<MailPlatform> controller;

    @BeforeEach
    void start() {
        CrdFiles.install(client, Path.of("../k8s/base/crds"));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .createOr(n -> n.update());
        controller = new Controller<>("mailplatform", client.resources(MailPlatform.class).inNamespace(NS),
                new MailPlatformReconciler(client, new EventRecorder(client, "test")), Duration.ofMinutes(5)).start();
        controller.watch(client.apps().deployments().inNamespace(NS)
                .withLabel("app.kubernetes.io/managed-by", PlatformObjects.MANAGED_BY), MailPlatformReconciler::owners);
    }

    @AfterEach
    void stop() {
        controller.close();
        client.resources(MailPlatform.class).inNamespace(NS).delete();
    }

    @Test
    void platformBecomesDeploymentsServicesBudgetsAndScalesWhenTheSpecChanges() throws Exception {
        client.resource(platform("mail", 2)).inNamespace(NS).create();

        Deployment smtp = await(() -> deployment("mail-smtp-ingress"), d -> d != null, "smtp-ingress Deployment");
        assertEquals(2, smtp.getSpec().getReplicas());
        assertEquals("ghcr.io/mailplatform/smtp-ingress:0.1.0", smtp.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        Container c = smtp.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("0.0.0.0", env(c).get("SMTPD_INET_INTERFACES"));
        assertEquals("mail-mailbox-store", env(c).get("QUARKUS_GRPC_CLIENTS_MAILBOX_STORE_HOST"));
        assertEquals("MailPlatform", smtp.getMetadata().getOwnerReferences().get(0).getKind());

        // Two pods: a budget; one pod (delivery-service): none.
        await(() -> pdb("mail-smtp-ingress"), p -> p != null, "smtp-ingress PDB");
        Deployment delivery = await(() -> deployment("mail-delivery-service"), d -> d != null, "delivery-service Deployment");
        assertEquals(1, delivery.getSpec().getReplicas());
        await(() -> client.services().inNamespace(NS).withName("mail-imap-pop").get(), s -> s != null, "last object of the pass");
        assertNull(pdb("mail-delivery-service"));

        // Port 25 of the public Service reaches the container's unprivileged smtp port.
        Service pub = await(() -> client.services().inNamespace(NS).withName("mail-smtp").get(), s -> s != null, "mail-smtp");
        Map<String, ServicePort> ports = pub.getSpec().getPorts().stream().collect(Collectors.toMap(ServicePort::getName, p -> p));
        assertEquals(25, ports.get("smtp").getPort());
        assertEquals("smtp", ports.get("smtp").getTargetPort().getStrVal());
        assertTrue(c.getPorts().stream().anyMatch(p -> "smtp".equals(p.getName()) && p.getContainerPort() == 2525));
        assertEquals(Map.of("app.kubernetes.io/name", "smtp-ingress", PlatformObjects.INSTANCE_LABEL, "mail"), pub.getSpec().getSelector());

        // Not ready yet (no pods run on a mock server): Progressing, with the generation it describes.
        MailPlatform seen = await(() -> get("mail"), p -> ready(p) != null, "status");
        assertEquals("False", ready(seen).getStatus());
        assertEquals("Progressing", ready(seen).getReason());
        assertEquals(seen.getMetadata().getGeneration(), seen.getStatus().getObservedGeneration());
        assertEquals(2, seen.getStatus().getComponents().get("smtp-ingress").replicas());

        // Scale: change the spec, the Deployment follows, an Event says so.
        editSpec("mail", p -> platform("mail", 4, p));
        await(() -> deployment("mail-smtp-ingress"), d -> d.getSpec().getReplicas() == 4, "smtp-ingress scaled to 4");
        await(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "Scaled".equals(e.getReason()) && e.getMessage().contains("from 2 to 4")).findFirst().orElse(null),
                e -> e != null, "Scaled event");

        // Autoscaling on: an HPA targets the Deployment; off again: the HPA goes.
        editSpec("mail", p -> withAutoscaling(p, true));
        HorizontalPodAutoscaler hpa = await(() -> hpa("mail-imap-pop-gateway"), h -> h != null, "HPA");
        assertEquals("mail-imap-pop-gateway", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(6, hpa.getSpec().getMaxReplicas());
        editSpec("mail", p -> withAutoscaling(p, false));
        await(() -> hpa("mail-imap-pop-gateway"), h -> h == null, "HPA removed");

        // Pods become ready (the Deployment's status): the Deployment watch wakes the platform, which is Available.
        for (Deployment d : client.apps().deployments().inNamespace(NS).list().getItems()) {
            int replicas = d.getSpec().getReplicas();
            client.apps().deployments().inNamespace(NS).withName(d.getMetadata().getName()).editStatus(x -> {
                x.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                        .withReplicas(replicas).withReadyReplicas(replicas).build());
                return x;
            });
        }
        MailPlatform available = await(() -> get("mail"), p -> ready(p) != null && "True".equals(ready(p).getStatus()), "Available");
        assertEquals("Available", ready(available).getReason());
        assertEquals(4, available.getStatus().getComponents().get("smtp-ingress").readyReplicas());
    }

    @Test
    void everyComponentIncludingAdminApiGetsTheSettingsAndFollowsTheirChanges() throws Exception {
        client.resource(platform("cfg", 1)).inNamespace(NS).create();

        // admin-api: the platform's database credentials (user "mail", not postgres) and delivery-service's gRPC.
        Deployment admin = await(() -> deployment("cfg-admin-api"), d -> d != null, "admin-api Deployment");
        Container a = admin.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("mail-db-app", secretRef(a, "MAIL_DB_USER"));
        assertEquals("admin-token", secretRef(a, "ADMIN_API_TOKEN"));
        assertEquals("cfg-delivery-service", env(a).get("QUARKUS_GRPC_CLIENTS_DELIVERY_SERVICE_HOST"));
        assertEquals("9083", env(a).get("QUARKUS_GRPC_CLIENTS_DELIVERY_SERVICE_PORT"));
        assertEquals("false", env(a).get("ADMIN_OPERATOR_ENABLED"), "the operator-made admin-api is not a second operator");
        // delivery-service listens for it on all interfaces and its Service exposes the port.
        Deployment delivery = await(() -> deployment("cfg-delivery-service"), d -> d != null, "delivery-service");
        Container d = delivery.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("0.0.0.0", env(d).get("QUARKUS_GRPC_SERVER_HOST"));
        assertEquals("9083", env(d).get("QUARKUS_GRPC_SERVER_PORT"));
        Service deliveryService = await(() -> client.services().inNamespace(NS).withName("cfg-delivery-service").get(),
                x -> x != null, "delivery-service Service");
        assertTrue(deliveryService.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == 9083 && "grpc".equals(p.getTargetPort().getStrVal())));

        await(() -> client.services().inNamespace(NS).withName("cfg-imap-pop").get(), x -> x != null, "last object of the pass");
        for (Deployment dep : client.apps().deployments().inNamespace(NS).withLabel(PlatformObjects.INSTANCE_LABEL, "cfg").list().getItems()) {
            String id = dep.getMetadata().getName();
            var pod = dep.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            assertEquals("mx.example.test", env(c).get("MAIL_MYHOSTNAME"), id);
            assertTrue(env(c).get("JDK_JAVA_OPTIONS").contains("-XX:+UseSerialGC"), id);
            assertEquals(185L, pod.getSecurityContext().getRunAsUser(), id);
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), id);
            assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), id);
            assertEquals(java.util.List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), id);
            assertTrue(c.getResources().getLimits().containsKey("memory"), id + " has a memory limit");
            assertTrue(pod.getTerminationGracePeriodSeconds() > Long.parseLong(env(c).get("QUARKUS_SHUTDOWN_TIMEOUT").replace("s", "")), id);
        }
        assertEquals(5, client.apps().deployments().inNamespace(NS).withLabel(PlatformObjects.INSTANCE_LABEL, "cfg").list().getItems().size(),
                "five components, admin-api included");

        // New settings, admin-api's replicas and resources: the Deployments follow.
        editSpec("cfg", p -> {
            MailPlatform.Spec s = p.getSpec();
            var resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("300Mi"))
                    .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).build();
            p.setSpec(new MailPlatform.Spec(s.image(), new MailPlatform.Components(null, s.components().smtpIngress(), null, null,
                    new MailPlatform.Component(2, null, resources)), s.ports(), s.serviceType(), s.tls(), s.database(), s.broker(),
                    new MailPlatform.Settings("mail.example.test", java.util.List.of("10.0.0.0/8", "[fd00::]/8"), "[relay.example.test]:587", null)));
            return p;
        });
        Deployment smtp = await(() -> deployment("cfg-smtp-ingress"),
                x -> "mail.example.test".equals(env(x.getSpec().getTemplate().getSpec().getContainers().get(0)).get("MAIL_MYHOSTNAME")), "new myhostname");
        assertEquals("10.0.0.0/8,[fd00::]/8", env(smtp.getSpec().getTemplate().getSpec().getContainers().get(0)).get("SMTPD_MYNETWORKS"));
        await(() -> deployment("cfg-delivery-service"), x -> "[relay.example.test]:587"
                .equals(env(x.getSpec().getTemplate().getSpec().getContainers().get(0)).get("DELIVERY_RELAYHOST")), "relayhost");
        Deployment admin2 = await(() -> deployment("cfg-admin-api"), x -> x.getSpec().getReplicas() == 2, "admin-api scaled");
        Container a2 = admin2.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("1Gi", a2.getResources().getLimits().get("memory").toString());
        assertNull(secretRef(a2, "ADMIN_API_TOKEN"), "token Secret removed from the spec");

        // No myhostname: refused with a reason, nothing greets as localhost.
        MailPlatform bad = platform("nohost", 1);
        bad.setSpec(new MailPlatform.Spec(null, null, null, null, null, bad.getSpec().database(), bad.getSpec().broker(), null));
        client.resource(bad).inNamespace(NS).create();
        MailPlatform seen = await(() -> get("nohost"), x -> ready(x) != null, "status");
        assertEquals("InvalidSpec", ready(seen).getReason());
        assertTrue(ready(seen).getMessage().contains("myhostname"), ready(seen).getMessage());
        assertNull(deployment("nohost-smtp-ingress"));
    }

    private static String secretRef(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName()) && e.getValueFrom() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName()).findFirst().orElse(null);
    }

    @Test
    void missingDatabaseIsReportedNotCrashedOn() throws Exception {
        MailPlatform p = platform("broken", 1);
        p.setSpec(new MailPlatform.Spec(null, null, null, null, null, null, p.getSpec().broker(), p.getSpec().settings()));
        client.resource(p).inNamespace(NS).create();
        MailPlatform seen = await(() -> get("broken"), x -> ready(x) != null, "status");
        assertEquals("InvalidSpec", ready(seen).getReason());
        assertTrue(ready(seen).getMessage().contains("spec.database"), ready(seen).getMessage());
        assertNull(deployment("broken-smtp-ingress"));
    }

    static final MailPlatform.Settings SETTINGS = new MailPlatform.Settings("mx.example.test", null, null, "admin-token");

    static MailPlatform platform(String name, int smtpReplicas) {
        MailPlatform p = new MailPlatform();
        p.getMetadata().setName(name);
        return platform(name, smtpReplicas, p);
    }

    static MailPlatform platform(String name, int smtpReplicas, MailPlatform p) {
        p.setSpec(new MailPlatform.Spec(null,
                new MailPlatform.Components(null, new MailPlatform.Component(smtpReplicas, null, null), null,
                        p.getSpec() == null || p.getSpec().components() == null ? null : p.getSpec().components().imapPopGateway(),
                        p.getSpec() == null || p.getSpec().components() == null ? null : p.getSpec().components().adminApi()),
                null, "LoadBalancer", new MailPlatform.Tls("mail-tls"),
                new MailPlatform.Database("jdbc:postgresql://mail-db-rw:5432/mail", "postgresql://mail-db-rw:5432/mail", "mail-db-app"),
                new MailPlatform.Broker("mail-broker-hdls-svc", 5672, "mail-broker-credentials"),
                p.getSpec() == null ? SETTINGS : p.getSpec().settings()));
        return p;
    }

    static MailPlatform withAutoscaling(MailPlatform p, boolean on) {
        MailPlatform.Spec s = p.getSpec();
        MailPlatform.Component gw = new MailPlatform.Component(2, on ? new MailPlatform.Autoscaling(2, 6, 70) : null, null);
        p.setSpec(new MailPlatform.Spec(s.image(), new MailPlatform.Components(s.components().mailboxStore(),
                s.components().smtpIngress(), s.components().deliveryService(), gw, s.components().adminApi()), s.ports(),
                s.serviceType(), s.tls(), s.database(), s.broker(), s.settings()));
        return p;
    }

    /** Like kubectl edit: the operator writes status meanwhile, so a conflict means "read again and retry". */
    static void editSpec(String name, java.util.function.UnaryOperator<MailPlatform> change) {
        for (int attempt = 1;; attempt++) {
            try {
                client.resources(MailPlatform.class).inNamespace(NS).withName(name).edit(change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, String> env(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    }

    private static Condition ready(MailPlatform p) {
        return p == null || p.getStatus() == null ? null
                : Conditions.find(p.getStatus().getConditions(), Conditions.READY).orElse(null);
    }

    private static MailPlatform get(String name) {
        return client.resources(MailPlatform.class).inNamespace(NS).withName(name).get();
    }

    private static Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    private static PodDisruptionBudget pdb(String name) {
        return client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
    }

    private static HorizontalPodAutoscaler hpa(String name) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(name).get();
    }

    static <T> T await(Supplier<T> get, java.util.function.Predicate<T> ok, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = get.get();
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + (last == null ? null : client.getKubernetesSerialization().asJson(last)));
    }
}
