package com.mailplatform.gateway.imap;

import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.gateway.read.MessageReader;
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
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Vert.x wiring only: the STARTTLS listener (143) and the implicit-TLS listener (993), one instance per event
 * loop, TCP_NODELAY, the connection limit. Each connection becomes an {@link ImapSession}.
 */
@Singleton
public class ImapServer {

    private static final Logger LOG = Logger.getLogger(ImapServer.class);
    private static final Buffer TOO_MANY = Buffer.buffer("* BYE [UNAVAILABLE] too many connections\r\n");
    private static final Buffer EVICTED = Buffer.buffer("* BYE [UNAVAILABLE] server full, not logged in in time\r\n");

    private final Vertx vertx;
    private final MailboxImap store;
    private final MailboxStore accounts;
    private final ImapConfig config;
    private final ChangeListener changes;
    private final MessageReader reader;
    private final AuthPenalty penalty;
    private final ConnectionGate gate;
    /** "Now" for RFC 5032 WITHIN (OLDER/YOUNGER); tests set their own. */
    private java.time.Clock clock = java.time.Clock.systemUTC();
    private final AtomicLong sessions = new AtomicLong();
    private ImapMetrics metrics = ImapMetrics.DISCARD;
    private final List<String> deployments = new ArrayList<>();
    private volatile int plainPort = -1;
    private volatile int tlsPort = -1;

    @Inject
    public ImapServer(Vertx vertx, @GrpcClient("mailbox-store") MailboxImap store, @GrpcClient("mailbox-store") MailboxStore accounts,
                      ImapConfig config, ChangeListener changes, MessageReader reader, AuthPenalty penalty) {
        this.vertx = vertx;
        this.store = store;
        this.accounts = accounts;
        this.config = config;
        this.changes = changes;
        this.reader = reader;
        this.penalty = penalty;
        this.gate = new ConnectionGate(config.maxConnections(), config.maxConnectionsPerIp());
    }

    /** CDI passes the service's registry; servers built by hand in tests keep {@link ImapMetrics#DISCARD}. */
    @Inject
    void metrics(MeterRegistry registry) {
        this.metrics = new ImapMetrics(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        } else {
            LOG.info("IMAP listeners disabled (imap.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (String id : deployments) {
            try {
                vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("IMAP listener undeploy: %s", e.toString());
            }
        }
        deployments.clear();
    }

    private boolean haveTls() {
        return ProtocolListener.tlsConfigured(config.tlsCertFile(), config.tlsKeyFile());
    }

    public void start() {
        if (config.port() >= 0) {
            deploy(false);
        }
        if (config.tlsPort() >= 0) {
            if (haveTls()) {
                deploy(true);
            } else {
                LOG.warn("IMAP: no TLS certificate (imap.tls-cert-file / MAIL_TLS_CERT): no port 993 and no STARTTLS");
            }
        }
    }

    private void deploy(boolean implicit) {
        int port = implicit ? config.tlsPort() : config.port();
        int instances = port == 0 ? 1 : config.instances().orElse(Runtime.getRuntime().availableProcessors());
        try {
            deployments.add(vertx.deployVerticle(() -> new ProtocolListener(config.host(), port, config.tlsCertFile(), config.tlsKeyFile(),
                            implicit, socket -> accept(socket, implicit), bound -> {
                                if (implicit) {
                                    tlsPort = bound;
                                } else {
                                    plainPort = bound;
                                }
                            }), new DeploymentOptions().setInstances(Math.max(1, instances)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("IMAP listener could not bind " + config.host() + ":" + port, e);
        }
        LOG.infof("IMAP listening on %s:%d (%s)", config.host(), implicit ? tlsPort : plainPort, implicit ? "implicit TLS" : "STARTTLS");
    }

    public boolean listening() {
        return plainPort > 0 || tlsPort > 0;
    }

    /** The bound ports (useful with port 0), -1 when not listening. */
    public int plainPort() {
        return plainPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** The clock sessions read "now" from (RFC 5032 WITHIN). */
    public void clock(java.time.Clock clock) {
        this.clock = clock;
    }

    private void accept(NetSocket socket, boolean implicit) {
        String client = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        ConnectionGate.Ticket ticket = gate.admit(client, false,
                () -> context.runOnContext(v -> socket.write(EVICTED).onComplete(ar -> socket.close())));
        if (ticket == null) {
            socket.write(TOO_MANY).onComplete(ar -> socket.close());
            return;
        }
        ImapSession session = new ImapSession("imap-" + sessions.incrementAndGet(), socket, implicit, context, vertx,
                store, accounts, reader, config, changes, penalty, ticket);
        session.tlsAvailable(haveTls());
        session.clock(clock);
        session.metrics(metrics);
        session.start();
    }
}
