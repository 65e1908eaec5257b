package com.mailplatform.admin.operator;

import com.mailplatform.admin.operator.store.StoreStubs;
import com.mailplatform.common.grpc.mailbox.MailboxAccountSettingsGrpc;
import com.mailplatform.common.grpc.mailbox.MailboxAdminGrpc;
import com.mailplatform.common.grpc.mailbox.MailboxAliasesGrpc;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Runs the {@link Operator} inside admin-api when {@code admin.operator.enabled} is true, behind a Lease-based
 * leader election so that only one replica reconciles. The Kubernetes client is looked up only then, so a
 * disabled operator never touches a cluster.
 */
@ApplicationScoped
public class OperatorStartup {

    private static final Logger LOG = Logger.getLogger(OperatorStartup.class);
    private static final String LEASE = "mail-operator";

    @Inject
    OperatorConfig config;

    @Inject
    Instance<KubernetesClient> clients;

    @GrpcClient("mailbox-store")
    MailboxAdminGrpc.MailboxAdminBlockingStub admin;

    @GrpcClient("mailbox-store")
    MailboxAliasesGrpc.MailboxAliasesBlockingStub aliases;

    @GrpcClient("mailbox-store")
    MailboxAccountSettingsGrpc.MailboxAccountSettingsBlockingStub accountSettings;

    private volatile boolean stopping;
    private volatile Operator operator;
    private volatile CompletableFuture<?> election;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.debug("Kubernetes operator disabled (admin.operator.enabled=false)");
            return;
        }
        KubernetesClient client = clients.get();
        String identity = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("admin-api");
        if (!config.leaderElection()) {
            lead(client, identity);
            return;
        }
        String leaseNamespace = Optional.ofNullable(client.getNamespace()).orElse("default");
        elect(client, identity, leaseNamespace);
    }

    private void elect(KubernetesClient client, String identity, String leaseNamespace) {
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(LEASE)
                .withLock(new LeaseLock(leaseNamespace, LEASE, identity))
                .withLeaseDuration(Duration.ofSeconds(15))
                .withRenewDeadline(Duration.ofSeconds(10))
                .withRetryPeriod(Duration.ofSeconds(2))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(() -> lead(client, identity), this::stopLeading,
                        leader -> LOG.infof("operator leader is %s", leader)))
                .build()).build();
        election = elector.start();
        // Leadership lost (e.g. the API server was unreachable too long): stand for election again.
        election.whenComplete((v, e) -> {
            if (!stopping) {
                elect(client, identity, leaseNamespace);
            }
        });
    }

    private synchronized void lead(KubernetesClient client, String identity) {
        if (operator == null && !stopping) {
            LOG.infof("starting the Kubernetes operator as %s (namespace %s)", identity, config.namespace().orElse("all"));
            operator = Operator.start(client, new StoreStubs(admin, aliases, accountSettings, config.storeDeadline()),
                    config.namespace(), config.resync(), identity);
        }
    }

    private synchronized void stopLeading() {
        if (operator != null) {
            LOG.info("stopping the Kubernetes operator (leadership lost or shutting down)");
            operator.close();
            operator = null;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (election != null) {
            election.cancel(true);
        }
        stopLeading();
    }
}
