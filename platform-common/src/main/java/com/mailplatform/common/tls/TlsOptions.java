package com.mailplatform.common.tls;

import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * TLS material for the protocol listeners, loaded from PEM files (a Kubernetes TLS Secret mounts exactly these).
 * TLS 1.2 and 1.3 only, with forward secrecy (ARCHITECTURE.md, "TLS everywhere it can be").
 */
public final class TlsOptions {

    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /**
     * Mozilla's "intermediate" server configuration (version 5.7): TLS 1.3's suites, and for TLS 1.2 only ECDHE
     * and DHE with AEAD ciphers, so every session has forward secrecy and no CBC or static-RSA suite is offered.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

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
        options.getEnabledCipherSuites().clear();
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options
                .setSsl(implicit)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPem.toString()).setKeyPath(keyPem.toString()))
                .setEnabledSecureTransportProtocols(PROTOCOLS);
    }
}
