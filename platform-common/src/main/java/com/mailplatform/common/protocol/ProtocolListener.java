package com.mailplatform.common.protocol;

import com.mailplatform.common.tls.TlsOptions;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One listening socket on one event loop, shared by the SMTP, IMAP and POP3 servers: TCP_NODELAY, and the TLS key either
 * for implicit TLS (993, 995) or, on a plain port, for the STARTTLS/STLS upgrade.
 */
public final class ProtocolListener extends AbstractVerticle {

    private final String host;
    private final int port;
    private final Optional<String> cert;
    private final Optional<String> key;
    private final boolean implicit;
    private final Consumer<NetSocket> accept;
    private final IntConsumer bound;

    public ProtocolListener(String host, int port, Optional<String> cert, Optional<String> key, boolean implicit,
                            Consumer<NetSocket> accept, IntConsumer bound) {
        this.host = host;
        this.port = port;
        this.cert = cert;
        this.key = key;
        this.implicit = implicit;
        this.accept = accept;
        this.bound = bound;
    }

    /** Whether both PEM paths are set (MAIL_TLS_CERT / MAIL_TLS_KEY); without them there is no TLS at all. */
    public static boolean tlsConfigured(Optional<String> cert, Optional<String> key) {
        return cert.filter(s -> !s.isBlank()).isPresent() && key.filter(s -> !s.isBlank()).isPresent();
    }

    @Override
    public void start(Promise<Void> started) {
        NetServerOptions options = new NetServerOptions().setHost(host).setPort(port)
                // per-command latency dies without it (ARCHITECTURE.md, performance principles)
                .setTcpNoDelay(true);
        if (tlsConfigured(cert, key)) {
            TlsOptions.apply(options, Path.of(cert.get()), Path.of(key.get()), implicit);
        }
        vertx.createNetServer(options)
                .connectHandler(accept::accept)
                .listen()
                .onSuccess(server -> {
                    bound.accept(server.actualPort());
                    started.complete();
                })
                .onFailure(started::fail);
    }
}
