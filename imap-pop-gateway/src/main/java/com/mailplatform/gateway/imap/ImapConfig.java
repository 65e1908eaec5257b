package com.mailplatform.gateway.imap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of the IMAP listeners, keys {@code imap.*}; the defaults are the production values. */
@ConfigMapping(prefix = "imap")
public interface ImapConfig {

    @WithDefault("true")
    boolean enabled();

    /** Address to bind; loopback unless configured otherwise (like Postfix inet_interfaces=loopback-only). */
    @WithDefault("127.0.0.1")
    String host();

    /** RFC 9051: 143 with STARTTLS. 0 picks a free port (tests); -1 turns the listener off. */
    @WithDefault("143")
    int port();

    /** RFC 8314: 993 with implicit TLS; -1 turns it off. Needs the certificate. */
    @WithDefault("993")
    int tlsPort();

    /** PEM certificate chain (MAIL_TLS_CERT). Without it there is no STARTTLS and no 993. */
    Optional<String> tlsCertFile();

    /** PEM private key (MAIL_TLS_KEY). */
    Optional<String> tlsKeyFile();

    /**
     * Whether LOGIN / AUTHENTICATE PLAIN work before TLS (Dovecot's disable_plaintext_auth=no). Off: the
     * capability says LOGINDISABLED until STARTTLS (RFC 9051 section 6.2.3).
     */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    /** Text after the greeting's capability list. No version numbers: leak nothing. */
    @WithDefault("imap-pop-gateway ready")
    String greeting();

    /** Longest line part of a command, CRLF included (Dovecot's imap_max_line_length is 64k). */
    @WithDefault("65536")
    int maxLineBytes();

    /** Largest literal, and the APPENDLIMIT announced (RFC 7889); the store's own limit is 50 MiB. */
    @WithDefault("52428800")
    long maxLiteralBytes();

    /** RFC 9051 section 5.4: the autologout timer is at least 30 minutes. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** How often a selected or IDLE session re-reads changes although no notification came (lost hints). */
    @WithDefault("30s")
    Duration resyncInterval();

    @WithDefault("1s")
    Duration authFailureDelay();

    @WithDefault("3")
    int maxAuthFailures();

    /** Consecutive BAD commands after which the session is closed with BYE. */
    @WithDefault("20")
    int maxBadCommands();

    @WithDefault("1000")
    int maxConnections();

    @WithDefault("30s")
    Duration storeTimeout();

    /** NetServer instances per listener (each on its own event loop); default: the number of processors. */
    OptionalInt instances();
}
