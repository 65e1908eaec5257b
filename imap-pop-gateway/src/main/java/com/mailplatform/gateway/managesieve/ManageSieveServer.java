package com.mailplatform.gateway.managesieve;

import com.mailplatform.common.grpc.mailbox.MailboxSieve;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.ConnectionGate;
import com.mailplatform.common.protocol.ProtocolListener;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** Vert.x wiring only: binds the ManageSieve listener (RFC 5804) and hands each connection to a {@link ManageSieveSession}. */
@Singleton
public class ManageSieveServer {

    private static final Logger LOG = Logger.getLogger(ManageSieveServer.class);
    private static final Buffer TOO_MANY = Buffer.buffer("BYE (TRYLATER) \"too many connections\"\r\n");

    private final Vertx vertx;
    private final MailboxStore store;
    private final MailboxSieve scripts;
    private final ManageSieveConfig config;
    private final AuthPenalty penalty;
    private final ConnectionGate gate;
    private final AtomicLong sessions = new AtomicLong();
    private volatile String deploymentId;
    private volatile int actualPort = -1;

    @Inject
    public ManageSieveServer(Vertx vertx, @GrpcClient("mailbox-store") MailboxStore store,
                             @GrpcClient("mailbox-store") MailboxSieve scripts, ManageSieveConfig config, AuthPenalty penalty) {
        this.vertx = vertx;
        this.store = store;
        this.scripts = scripts;
        this.config = config;
        this.penalty = penalty;
        this.gate = new ConnectionGate(config.maxConnections(), config.maxConnectionsPerIp());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.port() > 0) {
            start();
        } else {
            LOG.info("ManageSieve listener off (managesieve.port=0)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Binds and waits for it: a port that cannot be bound fails startup. */
    public void start() {
        if (config.implementation().contains("\"") || config.implementation().contains("\\")
                || config.implementation().contains("\r") || config.implementation().contains("\n")) {
            throw new IllegalArgumentException("managesieve.implementation must be one line without quotes");
        }
        int instances = config.instances().orElse(1);
        try {
            deploymentId = vertx.deployVerticle(() -> new ProtocolListener(config.host(), config.port(), config.tlsCertFile(),
                            config.tlsKeyFile(), false, this::accept, bound -> actualPort = bound),
                    new DeploymentOptions().setInstances(Math.max(1, instances)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ManageSieve listener could not bind " + config.host() + ":" + config.port(), e);
        }
        LOG.infof("ManageSieve listening on %s:%d", config.host(), actualPort);
    }

    public void stop() {
        String id = deploymentId;
        deploymentId = null;
        if (id != null) {
            try {
                vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("ManageSieve listener undeploy: %s", e.toString());
            }
        }
    }

    public int actualPort() {
        return actualPort;
    }

    private void accept(NetSocket socket) {
        String client = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        ConnectionGate.Ticket ticket = gate.admit(client, false,
                () -> context.runOnContext(v -> socket.write(TOO_MANY).onComplete(ar -> socket.close())));
        if (ticket == null) {
            socket.write(TOO_MANY).onComplete(ar -> socket.close());
            return;
        }
        ManageSieveSession session = new ManageSieveSession("sieve-" + sessions.incrementAndGet(), socket, context, vertx,
                store, scripts, config, penalty, ticket, ProtocolListener.tlsConfigured(config.tlsCertFile(), config.tlsKeyFile()));
        session.start();
    }
}
