package com.mailplatform.smtp;

import com.mailplatform.smtp.command.Commands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The MTA listener (Vert.x wiring only; the protocol lives in {@link SmtpSession} and the handlers). */
@ApplicationScoped
public class SmtpServer {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    private final Vertx vertx;
    private final SmtpConfig config;
    private final Commands commands;
    private NetServer server;

    public SmtpServer(Vertx vertx, SmtpConfig config, Commands commands) {
        this.vertx = vertx;
        this.config = config;
        this.commands = commands;
    }

    void start(@Observes StartupEvent event) {
        NetServerOptions options = new NetServerOptions()
                .setHost(config.inetInterfaces())
                .setPort(config.port())
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        server = vertx.createNetServer(options)
                .connectHandler(socket -> new SmtpSession(vertx, socket, config, commands).start());
        server.listen().toCompletionStage().toCompletableFuture().orTimeout(Duration.ofSeconds(30).toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        LOG.infof("SMTP listening on %s:%d", config.inetInterfaces(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    public int port() {
        return server.actualPort();
    }
}
