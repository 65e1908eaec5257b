package com.mailplatform.admin.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deployment of the mail components as one object; the operator derives Deployments, Services,
 * PodDisruptionBudgets and HorizontalPodAutoscalers from it. admin-api itself (the operator) is not a component
 * here: it is deployed by the manifests in k8s/.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
public class MailPlatform extends CustomResource<MailPlatform.Spec, MailPlatform.Status> implements Namespaced {

    @Override
    protected Status initStatus() {
        return new Status();
    }

    /** {@code spec}; absent parts take the defaults the CRD schema documents. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(Image image, Components components, Map<String, Integer> ports, String serviceType, Tls tls,
            Database database, Broker broker) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String registry, String tag, String pullPolicy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Components(Component mailboxStore, Component smtpIngress, Component deliveryService,
            Component imapPopGateway) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(Integer replicas, Autoscaling autoscaling, ResourceRequirements resources) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Autoscaling(Integer minReplicas, Integer maxReplicas, Integer targetCPUUtilizationPercentage) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tls(String secretName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Database(String jdbcUrl, String reactiveUrl, String credentialsSecret) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Broker(String host, Integer port, String credentialsSecret) {
    }

    /** {@code status}: the conditions and, per component, what its Deployment reports. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Status extends ReconcileStatus {
        private Map<String, ComponentStatus> components = new TreeMap<>();

        public Map<String, ComponentStatus> getComponents() {
            return components;
        }

        public void setComponents(Map<String, ComponentStatus> components) {
            this.components = components == null ? new TreeMap<>() : components;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComponentStatus(Integer replicas, Integer readyReplicas) {
    }
}
