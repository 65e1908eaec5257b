package com.mailplatform.gateway.pop3;

import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.gateway.read.MessageReader;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.ConnectionGate;
import com.mailplatform.common.protocol.ProtocolListener;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Vert.x wiring only: binds the POP3 listener at startup and hands each connection to a {@link Pop3Session}. One
 * listener instance per event loop (a verticle each); Vert.x spreads the connections over them.
 */
@Singleton
public class Pop3Server {

    private static final Logger LOG = Logger.getLogger(Pop3Server.class);
    private static final Buffer TOO_MANY = Buffer.buffer("-ERR [SYS/TEMP] too many connections\r\n", StandardCharsets.US_ASCII.name());

    private final Vertx vertx;
    private final MailboxStore store;
    private final Pop3Config config;
    private final Pop3Metrics metrics;
    private final AuthPenalty penalty;
    private final ConnectionGate gate;
    private final MessageReader reader;
    private final AtomicLong sessions = new AtomicLong();
    /** Session ids are lock owners in the shared store: unique across processes and replicas. */
    private final String ownerPrefix = "pop3-" + UUID.randomUUID() + "-";
    private volatile String deploymentId;
    private volatile int actualPort = -1;
    private volatile String tlsDeploymentId;
    private volatile int tlsPort = -1;

    @Inject
    public Pop3Server(Vertx vertx, @GrpcClient("mailbox-store") MailboxStore store, MessageReader reader, Pop3Config config,
                      MeterRegistry registry, AuthPenalty penalty) {
        this.vertx = vertx;
        this.store = store;
        this.reader = reader;
        this.config = config;
        this.penalty = penalty;
        this.gate = new ConnectionGate(config.maxConnections(), config.maxConnectionsPerIp());
        this.metrics = new Pop3Metrics(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        } else {
            LOG.info("POP3 listener disabled (pop3.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Binds and waits for it, on the caller's (non event-loop) thread: a port that cannot be bound fails startup. */
    public void start() {
        if (config.banner().contains("\r") || config.banner().contains("\n")) {
            throw new IllegalArgumentException("pop3.banner must be one line");
        }
        // port 0 means "any": several instances would each get a different one
        int instances = config.port() == 0 ? 1 : config.instances().orElse(Runtime.getRuntime().availableProcessors());
        try {
            deploymentId = vertx.deployVerticle(() -> new ProtocolListener(config.host(), config.port(), config.tlsCertFile(),
                            config.tlsKeyFile(), false, socket -> accept(socket, false), bound -> actualPort = bound), new DeploymentOptions().setInstances(Math.max(1, instances)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("POP3 listener could not bind " + config.host() + ":" + config.port(), e);
        }
        LOG.infof("POP3 listening on %s:%d (%d event loops)", config.host(), actualPort, instances);
        if (config.tlsPort() >= 0 && haveTls()) {
            int tlsInstances = config.tlsPort() == 0 ? 1 : instances;
            try {
                tlsDeploymentId = vertx.deployVerticle(() -> new ProtocolListener(config.host(), config.tlsPort(), config.tlsCertFile(),
                                config.tlsKeyFile(), true, socket -> accept(socket, true), bound -> tlsPort = bound), new DeploymentOptions().setInstances(Math.max(1, tlsInstances)))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("POP3 TLS listener could not bind " + config.host() + ":" + config.tlsPort(), e);
            }
            LOG.infof("POP3 listening on %s:%d (implicit TLS)", config.host(), tlsPort);
        }
    }

    /** The certificate for STLS and port 995 (pop3.tls-cert-file / MAIL_TLS_CERT); without it neither exists. */
    private boolean haveTls() {
        return ProtocolListener.tlsConfigured(config.tlsCertFile(), config.tlsKeyFile());
    }

    /** The bound implicit-TLS port, -1 when there is none. */
    public int tlsPort() {
        return tlsPort;
    }

    public void stop() {
        String tlsId = tlsDeploymentId;
        tlsDeploymentId = null;
        if (tlsId != null) {
            vertx.undeploy(tlsId);
        }
        String id = deploymentId;
        deploymentId = null;
        if (id != null) {
            try {
                vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("POP3 listener undeploy: %s", e.toString());
            }
        }
    }

    public boolean listening() {
        return deploymentId != null;
    }

    /** The bound port (useful when pop3.port=0), -1 before start. */
    public int actualPort() {
        return actualPort;
    }

    private void accept(NetSocket socket, boolean implicitTls) {
        String client = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        ConnectionGate.Ticket ticket = gate.admit(client, false,
                () -> context.runOnContext(v -> socket.write(TOO_MANY).onComplete(ar -> socket.close())));
        if (ticket == null) {
            socket.write(TOO_MANY).onComplete(ar -> socket.close());
            return;
        }
        Pop3Session session = new Pop3Session(ownerPrefix + sessions.incrementAndGet(), socket, context,
                vertx, store, reader, config, metrics, penalty, ticket);
        session.tls(implicitTls, haveTls());
        session.start();
    }
}
