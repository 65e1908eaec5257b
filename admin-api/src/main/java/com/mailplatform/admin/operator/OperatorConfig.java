package com.mailplatform.admin.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The Kubernetes operator inside admin-api, keys {@code admin.operator.*}. */
@ConfigMapping(prefix = "admin.operator")
public interface OperatorConfig {

    /**
     * Whether admin-api runs the operator. Off by default, so the local stack and the REST tests need no cluster;
     * the manifests in k8s/ set {@code ADMIN_OPERATOR_ENABLED=true}.
     */
    @WithDefault("false")
    boolean enabled();

    /** The one namespace to watch (k8s/base: admin-api's own, which its Role covers); absent: every namespace. */
    Optional<String> namespace();

    /**
     * Period of the informers' resync, when every object is reconciled again although nothing changed: the
     * safety net of a level-based controller (e.g. for a password Secret without the watch label).
     */
    @WithDefault("5m")
    Duration resync();

    /** With several admin-api replicas only the holder of the Lease {@code mail-operator} reconciles. */
    @WithDefault("true")
    boolean leaderElection();

    /** Deadline of each mailbox-store call made by a reconciler. */
    @WithDefault("10s")
    Duration storeDeadline();
}
