package com.mailplatform.common.tls;

import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * TLS material for the protocol listeners, loaded from PEM files (a Kubernetes TLS Secret mounts exactly these).
 * TLS 1.2 and 1.3 only (ARCHITECTURE.md, "TLS everywhere it can be").
 */
public final class TlsOptions {

    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private TlsOptions() {
    }

    /**
     * Adds the certificate to server options. {@code implicit} is true for ports that start with TLS (465, 993,
     * 995); false for STARTTLS/STLS ports, which upgrade an accepted plain socket with
     * {@code NetSocket.upgradeToSsl}.
     */
    public static NetServerOptions apply(NetServerOptions options, Path certPem, Path keyPem, boolean implicit) {
        if (!Files.isReadable(certPem) || !Files.isReadable(keyPem)) {
            throw new IllegalStateException("TLS certificate or key not readable: " + certPem + ", " + keyPem);
        }
        return options
                .setSsl(implicit)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPem.toString()).setKeyPath(keyPem.toString()))
                .setEnabledSecureTransportProtocols(PROTOCOLS);
    }
}
