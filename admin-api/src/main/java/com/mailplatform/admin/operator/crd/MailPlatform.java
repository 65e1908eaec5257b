package com.mailplatform.admin.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deployment of the mail components as one object; the operator derives Deployments, Services,
 * PodDisruptionBudgets and HorizontalPodAutoscalers from it. Its admin-api component serves the REST API only: the
 * operator itself (an admin-api with admin.operator.enabled) is deployed by the manifests in k8s/base.
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
            Database database, Broker broker, Settings settings) {
    }

    /**
     * {@code spec.settings}: the mail settings every pod gets (Postfix's names). myhostname is the name in the
     * greetings, Received headers and DSNs; mynetworks the clients trusted to relay; relayhost the smarthost for
     * all remote mail; adminTokenSecret a Secret whose key {@code token} is admin-api's static API token.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Settings(String myhostname, List<String> mynetworks, String relayhost, String adminTokenSecret) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String registry, String tag, String pullPolicy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Components(Component mailboxStore, Component smtpIngress, Component deliveryService,
            Component imapPopGateway, Component adminApi) {
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
