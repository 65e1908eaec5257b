package com.mailplatform.smtp;

import com.mailplatform.common.protocol.ProtocolListener;
import com.mailplatform.smtp.command.Commands;
import com.mailplatform.smtp.metrics.SmtpMetrics;
import com.mailplatform.smtp.policy.ClientLimits;
import com.mailplatform.smtp.response.Replies;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.net.NetSocket;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The three listeners of Postfix's master.cf (smtp 25, submission 587, submissions 465). Vert.x wiring only; the
 * protocol lives in {@link SmtpSession} and the handlers.
 */
@ApplicationScoped
public class SmtpServer {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    private final Vertx vertx;
    private final SmtpConfig config;
    private final Commands commands;
    private final ClientLimits limits;
    private final SmtpMetrics metrics;
    private final Map<Listener, Integer> ports = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SessionDrain drain = new SessionDrain();
    private static final java.time.Duration DRAIN_POLL = java.time.Duration.ofMillis(100);

    public SmtpServer(Vertx vertx, SmtpConfig config, Commands commands, ClientLimits limits, SmtpMetrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.config = config;
        this.commands = commands;
        this.limits = limits;
    }

    void start(@Observes StartupEvent event) {
        listen(Listener.MTA, config.port());
        listen(Listener.SUBMISSION, config.submissionPort());
        if (commands.tlsAvailable()) {
            listen(Listener.SUBMISSIONS, config.submissionsPort());
        } else if (config.submissionsPort() > 0) {
            LOG.warn("no smtpd.tls-cert-file/tls-key-file: port " + config.submissionsPort() + " (submissions) is not started,"
                    + " STARTTLS is not offered, and AUTH is refused while smtpd.tls-auth-only=true");
        }
    }

    private void listen(Listener listener, int port) {
        if (port <= 0) {
            return;
        }
        // one listening instance per event loop; "any port" (tests) must be one instance, or each gets another
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        Optional<String> cert = commands.tlsAvailable() ? config.tlsCertFile() : Optional.empty();
        Optional<String> key = commands.tlsAvailable() ? config.tlsKeyFile() : Optional.empty();
        try {
            String id = vertx.deployVerticle(() -> new ProtocolListener(config.inetInterfaces(), port, cert, key, listener.implicitTls(),
                            socket -> accept(listener, socket), bound -> ports.put(listener, bound)),
                    new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            deployments.add(id);
        } catch (Exception e) {
            throw new IllegalStateException("SMTP " + listener.serviceName() + " could not bind " + config.inetInterfaces() + ":" + port, e);
        }
        LOG.infof("SMTP %s listening on %s:%d", listener.serviceName(), config.inetInterfaces(), ports.get(listener));
    }

    private void accept(Listener listener, NetSocket socket) {
        String client = socket.remoteAddress().hostAddress();
        ClientLimits.Admission admission = limits.onConnect(client);
        metrics.connected(listener);
        SmtpSession session = new SmtpSession(vertx, socket, config, commands, listener, metrics);
        // accept() runs on the connection's event loop: the session's context, where its state may be touched.
        Context context = vertx.getOrCreateContext();
        SessionDrain.Session handle = new SessionDrain.Session() {
            @Override
            public void closeIfIdle(String reply) {
                context.runOnContext(v -> {
                    if (session.idle()) {
                        session.close(reply);
                    }
                });
            }

            @Override
            public void close(String reply) {
                context.runOnContext(v -> session.close(reply));
            }
        };
        drain.opened(handle);
        String refusal = drain.draining() ? shuttingDown() : admission.refusal();
        session.start(refusal, () -> {
            drain.closed(handle);
            metrics.disconnected();
            limits.onDisconnect(client, admission.ticket());
        });
    }

    /**
     * Before the broker connection and Vert.x go (hence the priority): refuse new sessions, let transactions in
     * flight finish up to smtpd.shutdown-drain-time, then 421 (SessionDrain), and only then close the listeners.
     */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) throws InterruptedException {
        if (drain.open() > 0) {
            LOG.infof("shutdown: %d SMTP sessions open, waiting up to %s for their transactions", drain.open(), config.shutdownDrainTime());
        }
        int cut = drain.drain(config.shutdownDrainTime(), DRAIN_POLL, shuttingDown());
        if (cut > 0) {
            LOG.warnf("shutdown: %d SMTP sessions still busy after %s were closed with 421", cut, config.shutdownDrainTime());
        }
        deployments.forEach(vertx::undeploy);
    }

    private String shuttingDown() {
        return Replies.closing(config.myhostname(), "service shutting down");
    }

    public int port(Listener listener) {
        return ports.get(listener);
    }
}
