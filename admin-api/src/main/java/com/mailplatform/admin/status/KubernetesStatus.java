package com.mailplatform.admin.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Status on Kubernetes: the platform's Deployments (label {@code app.kubernetes.io/part-of=mail-platform}, as the
 * MailPlatform reconciler and k8s/ label them) in admin-api's namespace. Ready replicas are those whose
 * readiness probe ({@code /q/health/ready}) passes, so this is the health of every replica, not of one.
 */
public final class KubernetesStatus {

    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String PLATFORM = "mail-platform";

    private KubernetesStatus() {
    }

    public static List<Component> read(KubernetesClient client) {
        return of(client.apps().deployments().inNamespace(client.getNamespace()).withLabel(PART_OF, PLATFORM).list().getItems());
    }

    /** UP when every wanted replica is ready, DEGRADED when some are, DOWN when none are (or none are wanted). */
    public static List<Component> of(List<Deployment> deployments) {
        List<Component> out = new ArrayList<>();
        for (Deployment d : deployments) {
            Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
            String name = labels.getOrDefault("app.kubernetes.io/name", d.getMetadata().getName());
            int wanted = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
            String status = wanted > 0 && ready >= wanted ? "UP" : ready > 0 ? "DEGRADED" : "DOWN";
            out.add(new Component(name, status, version(d, labels), wanted, ready, null, List.of(), null));
        }
        out.sort(Comparator.comparing(Component::name));
        return out;
    }

    /** app.kubernetes.io/version if set, else the tag of the first container's image. */
    static String version(Deployment d, Map<String, String> labels) {
        if (labels.containsKey("app.kubernetes.io/version")) {
            return labels.get("app.kubernetes.io/version");
        }
        try {
            String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            return colon > slash ? image.substring(colon + 1) : "latest";
        } catch (RuntimeException e) {
            return null;
        }
    }
}
