package com.mailplatform.admin.operator.store;

import com.mailplatform.admin.operator.controller.Conditions;
import com.mailplatform.admin.operator.controller.EventRecorder;
import com.mailplatform.admin.operator.controller.Reconciler;
import com.mailplatform.admin.operator.controller.Result;
import com.mailplatform.admin.operator.controller.StatusWriter;
import com.mailplatform.admin.operator.crd.Crds;
import com.mailplatform.admin.operator.crd.ReconcileStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.StatusRuntimeException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The life cycle shared by MailDomain, MailAccount and MailAlias: a finalizer is added before anything is written
 * to mailbox-store and removed only after the object is gone from it; every pass ends with the Ready condition
 * written to status (only if it changed, so status writes do not feed an endless update loop) and an Event when
 * the store changed or the reason for not being ready changed.
 */
public abstract class StoreResourceReconciler<T extends CustomResource<?, S>, S extends ReconcileStatus>
        implements Reconciler<T> {

    /** The Ready=True reason of every store-backed kind. */
    public static final String PROVISIONED = "Provisioned";

    protected final KubernetesClient client;
    protected final StoreStubs store;
    private final EventRecorder events;
    private final Supplier<S> newStatus;

    protected StoreResourceReconciler(KubernetesClient client, StoreStubs store, EventRecorder events,
            Supplier<S> newStatus) {
        this.client = client;
        this.store = store;
        this.events = events;
        this.newStatus = newStatus;
    }

    /** Makes mailbox-store hold what the spec says; may record kind-specific fields in {@code status}. */
    protected abstract Outcome apply(T resource, S status) throws NotReady;

    /** Removes the object from mailbox-store; absent already counts as removed. */
    protected abstract String remove(T resource) throws NotReady;

    @Override
    public final Result reconcile(T resource) {
        if (resource.isMarkedForDeletion()) {
            if (!resource.hasFinalizer(Crds.STORE_FINALIZER)) {
                return Result.done();
            }
            return guarded(resource, status -> {
                String message = remove(resource);
                client.resource(resource).edit(x -> {
                    x.removeFinalizer(Crds.STORE_FINALIZER);
                    return x;
                });
                events.normal(resource, "Deleted", message);
                return Result.done();
            });
        }
        T r = resource.hasFinalizer(Crds.STORE_FINALIZER) ? resource : client.resource(resource).edit(x -> {
            x.addFinalizer(Crds.STORE_FINALIZER);
            return x;
        });
        return guarded(r, status -> {
            Outcome outcome = apply(r, status);
            // The Event first: whoever sees Ready=True can also see what was done.
            outcome.change().ifPresent(c -> events.normal(r, c.reason(), c.message()));
            writeReady(r, status, true, PROVISIONED, outcome.readyMessage());
            return Result.done();
        });
    }

    /** One pass of work on a copy of the status; what goes wrong ends as Ready=False with the reason. */
    private Result guarded(T r, Pass<S> pass) {
        S status = r.getStatus() == null ? newStatus.get() : client.getKubernetesSerialization().clone(r.getStatus());
        try {
            return pass.run(status);
        } catch (NotReady e) {
            notReady(r, status, e.reason(), e.getMessage());
            return e.retryAfter().map(Result::requeueAfter).orElse(Result.done());
        } catch (StatusRuntimeException e) {
            // Store unreachable or an unexpected answer: say so, then let the controller retry with backoff.
            notReady(r, status, "StoreError", StoreStubs.describe(e));
            throw e;
        }
    }

    @FunctionalInterface
    private interface Pass<S> {
        Result run(S status) throws NotReady;
    }

    private void notReady(T r, S status, String reason, String message) {
        String before = Conditions.find(status.getConditions(), Conditions.READY).map(Condition::getReason).orElse(null);
        writeReady(r, status, false, reason, message);
        if (!Objects.equals(before, reason)) {
            events.warning(r, reason, message);
        }
    }

    private void writeReady(T r, S status, boolean ready, String reason, String message) {
        StatusWriter.writeReady(client, r, status, ready, reason, message);
    }
}
