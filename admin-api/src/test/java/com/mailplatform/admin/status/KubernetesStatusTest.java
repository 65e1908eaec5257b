package com.mailplatform.admin.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status from Deployments, against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesStatusTest {

    static KubernetesClient client;

    private static Deployment deployment(String name, String partOf, int wanted, Integer ready, String image) {
        return new DeploymentBuilder().withNewMetadata().withName(name).addToLabels("app.kubernetes.io/name", name)
                .addToLabels(KubernetesStatus.PART_OF, partOf).endMetadata()
                .withNewSpec().withReplicas(wanted).withNewTemplate().withNewSpec().addNewContainer().withName(name).withImage(image)
                .endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReadyReplicas(ready).endStatus().build();
    }

    @Test
    void replicasWantedAndReadyWithVersions() {
        String ns = client.getNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment("mailbox-store", "mail-platform", 3, 3, "reg.example/mailbox-store:1.4.2")).create();
        client.apps().deployments().inNamespace(ns).resource(deployment("smtp-ingress", "mail-platform", 2, 1, "smtp-ingress")).create();
        client.apps().deployments().inNamespace(ns).resource(deployment("delivery-service", "mail-platform", 2, null, "reg:5000/d:0.9")).create();
        client.apps().deployments().inNamespace(ns).resource(deployment("unrelated", "other", 1, 1, "x:1")).create();

        List<Component> status = KubernetesStatus.read(client);
        assertEquals(List.of("delivery-service", "mailbox-store", "smtp-ingress"), status.stream().map(Component::name).toList());
        Component store = status.get(1);
        assertEquals("UP", store.status());
        assertEquals(3, store.replicasWanted());
        assertEquals(3, store.replicasReady());
        assertEquals("1.4.2", store.version());
        assertEquals("DEGRADED", status.get(2).status());
        assertEquals("latest", status.get(2).version());
        assertEquals("DOWN", status.get(0).status());
        assertEquals(0, status.get(0).replicasReady());
        assertEquals("0.9", status.get(0).version(), "a registry port is not a tag");
    }
}
