package com.mailplatform.smtp;

import com.mailplatform.common.tls.TlsOptions;
import com.mailplatform.smtp.command.Commands;
import com.mailplatform.smtp.policy.ClientLimits;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
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
    private final Map<Listener, NetServer> servers = new EnumMap<>(Listener.class);

    public SmtpServer(Vertx vertx, SmtpConfig config, Commands commands, ClientLimits limits) {
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
        NetServerOptions options = new NetServerOptions()
                .setHost(config.inetInterfaces())
                .setPort(port)
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        if (commands.tlsAvailable()) {
            TlsOptions.apply(options, Path.of(config.tlsCertFile().get()), Path.of(config.tlsKeyFile().get()),
                    listener.implicitTls());
        }
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> {
            String client = socket.remoteAddress().hostAddress();
            ClientLimits.Admission admission = limits.onConnect(client);
            new SmtpSession(vertx, socket, config, commands, listener)
                    .start(admission.refusal(), () -> limits.onDisconnect(client, admission.ticket()));
        });
        server.listen().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        servers.put(listener, server);
        LOG.infof("SMTP %s listening on %s:%d", listener.serviceName(), config.inetInterfaces(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) {
        servers.values().forEach(NetServer::close);
    }

    public int port(Listener listener) {
        return servers.get(listener).actualPort();
    }
}
