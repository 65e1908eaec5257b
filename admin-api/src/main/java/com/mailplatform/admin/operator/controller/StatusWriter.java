package com.mailplatform.admin.operator.controller;

import com.mailplatform.admin.operator.crd.ReconcileStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes the Ready condition and observedGeneration to a resource's status subresource, and nothing when the
 * status did not change: an unchanged write would raise an update event and another pass, forever.
 */
public final class StatusWriter {

    private StatusWriter() {
    }

    public static <S extends ReconcileStatus> void writeReady(KubernetesClient client, CustomResource<?, S> r,
            S status, boolean ready, String reason, String message) {
        Long generation = r.getMetadata().getGeneration();
        status.setConditions(Conditions.set(status.getConditions(), Conditions.READY, ready, reason, message, generation));
        status.setObservedGeneration(generation);
        var json = client.getKubernetesSerialization();
        if (r.getStatus() != null && json.asJson(r.getStatus()).equals(json.asJson(status))) {
            return;
        }
        // PUT of the whole status with the cached resourceVersion (optimistic locking, as controller-runtime's
        // Status().Update): a stale cache gets 409 Conflict and the controller retries with the newer object.
        CustomResource<?, S> copy = json.clone(r);
        copy.setStatus(status);
        client.resource(copy).updateStatus();
    }
}
