package com.mailplatform.admin.operator.platform;

import com.mailplatform.admin.operator.controller.EventRecorder;
import com.mailplatform.admin.operator.controller.Reconciler;
import com.mailplatform.admin.operator.controller.Result;
import com.mailplatform.admin.operator.controller.StatusWriter;
import com.mailplatform.admin.operator.crd.Crds;
import com.mailplatform.admin.operator.crd.MailPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * MailPlatform → per component a Deployment, a Service, a PodDisruptionBudget (two pods or more) and a
 * HorizontalPodAutoscaler (when autoscaling is set), plus the public mail Services. Objects are rewritten only
 * when what the operator wants of them changed (a hash of the desired object in an annotation), so resyncs do not
 * churn; the replicas of an autoscaled Deployment belong to its HPA and are left alone.
 */
public final class MailPlatformReconciler implements Reconciler<MailPlatform> {

    public static final String SPEC_HASH = Crds.GROUP + "/desired-hash";
    /** While pods are starting, look again at this pace (Deployments are also watched). */
    static final Duration PROGRESS_RECHECK = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final EventRecorder events;

    public MailPlatformReconciler(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    @Override
    public Result reconcile(MailPlatform p) {
        if (p.isMarkedForDeletion()) {
            return Result.done(); // owner references: the garbage collector removes what we created
        }
        MailPlatform.Status status = p.getStatus() == null ? new MailPlatform.Status()
                : client.getKubernetesSerialization().clone(p.getStatus());
        Optional<String> invalid = invalid(p.getSpec());
        if (invalid.isPresent()) {
            StatusWriter.writeReady(client, p, status, false, "InvalidSpec", invalid.get());
            return Result.done();
        }
        PlatformObjects objects = new PlatformObjects(p);
        List<String> progressing = new ArrayList<>();
        for (PlatformComponent c : PlatformComponent.values()) {
            Deployment want = objects.deployment(c);
            Deployment have = client.resource(want).get();
            if (objects.autoscaled(c) && have != null) {
                want.getSpec().setReplicas(have.getSpec().getReplicas());
            }
            Deployment now = apply(want, have);
            if (have != null && !Objects.equals(have.getSpec().getReplicas(), want.getSpec().getReplicas())) {
                events.normal(p, "Scaled", "deployment " + want.getMetadata().getName() + " scaled from "
                        + have.getSpec().getReplicas() + " to " + want.getSpec().getReplicas() + " replicas");
            }
            apply(objects.service(c), null);
            ensure(objects.podDisruptionBudget(c), PodDisruptionBudget.class, objects.name(c), p);
            ensure(objects.horizontalPodAutoscaler(c), HorizontalPodAutoscaler.class, objects.name(c), p);
            int wanted = Optional.ofNullable(now.getSpec().getReplicas()).orElse(0);
            int ready = now.getStatus() == null || now.getStatus().getReadyReplicas() == null ? 0
                    : now.getStatus().getReadyReplicas();
            status.getComponents().put(c.id(), new MailPlatform.ComponentStatus(wanted, ready));
            if (ready < wanted) {
                progressing.add(c.id() + " " + ready + "/" + wanted);
            }
        }
        objects.publicServices().forEach(s -> apply(s, null));
        boolean available = progressing.isEmpty();
        StatusWriter.writeReady(client, p, status, available, available ? "Available" : "Progressing",
                available ? "all components have their replicas ready" : "waiting for " + String.join(", ", progressing));
        return available ? Result.done() : Result.requeueAfter(PROGRESS_RECHECK);
    }

    /** Keys of the MailPlatforms owning a managed object, for the Deployment watch. */
    public static List<String> owners(HasMetadata o) {
        if (!PlatformObjects.managed(o) || o.getMetadata().getOwnerReferences() == null) {
            return List.of();
        }
        return o.getMetadata().getOwnerReferences().stream().filter(r -> "MailPlatform".equals(r.getKind()))
                .map(r -> o.getMetadata().getNamespace() + "/" + r.getName()).toList();
    }

    static Optional<String> invalid(MailPlatform.Spec spec) {
        if (spec == null || spec.database() == null || spec.database().jdbcUrl() == null
                || spec.database().reactiveUrl() == null || spec.database().credentialsSecret() == null) {
            return Optional.of("spec.database needs jdbcUrl, reactiveUrl and credentialsSecret");
        }
        if (spec.broker() == null || spec.broker().host() == null) {
            return Optional.of("spec.broker.host is required");
        }
        if (spec.settings() == null || spec.settings().myhostname() == null || spec.settings().myhostname().isBlank()) {
            // Without it the platform would greet and sign DSNs as "localhost" (the services' default).
            return Optional.of("spec.settings.myhostname is required (the name in SMTP greetings, Received headers and DSNs)");
        }
        return Optional.empty();
    }

    private <T extends HasMetadata> void ensure(Optional<T> want, Class<T> type, String name, MailPlatform p) {
        if (want.isPresent()) {
            apply(want.get(), null);
            return;
        }
        T have = client.resources(type).inNamespace(p.getMetadata().getNamespace()).withName(name).get();
        if (have != null && PlatformObjects.managed(have)) {
            client.resource(have).delete();
        }
    }

    /** Creates or rewrites {@code want} unless the live object already carries its hash. */
    private <T extends HasMetadata> T apply(T want, T known) {
        T have = known != null ? known : client.resource(want).get();
        if (want.getMetadata().getAnnotations() == null) {
            want.getMetadata().setAnnotations(new HashMap<>());
        }
        want.getMetadata().getAnnotations().put(SPEC_HASH, hash(want));
        if (have == null) {
            return client.resource(want).create();
        }
        Map<String, String> annotations = have.getMetadata().getAnnotations();
        if (annotations != null && want.getMetadata().getAnnotations().get(SPEC_HASH).equals(annotations.get(SPEC_HASH))) {
            return have;
        }
        want.getMetadata().setResourceVersion(have.getMetadata().getResourceVersion());
        if (want instanceof Service s && have instanceof Service h) {
            // Assigned by the API server and immutable.
            s.getSpec().setClusterIP(h.getSpec().getClusterIP());
            s.getSpec().setClusterIPs(h.getSpec().getClusterIPs());
        }
        return client.resource(want).update();
    }

    private String hash(HasMetadata o) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(client.getKubernetesSerialization().asJson(o).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
