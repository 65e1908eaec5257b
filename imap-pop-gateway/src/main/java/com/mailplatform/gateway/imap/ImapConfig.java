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

    /** Longest line part of a command before authentication (Dovecot's pre-login limit is a few KB). */
    @WithDefault("8192")
    int maxLineBytesBeforeAuth();

    /** Largest literal before authentication: a LOGIN password, not a 50 MB buffer for anyone who connects. */
    @WithDefault("8192")
    long maxLiteralBytesBeforeAuth();

    /** Largest literal, and the APPENDLIMIT announced (RFC 7889); the store's own limit is 50 MiB. */
    @WithDefault("52428800")
    long maxLiteralBytes();

    /** RFC 9051 section 5.4: the autologout timer is at least 30 minutes. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** How often a selected or IDLE session re-reads changes although no notification came (lost hints). */
    @WithDefault("30s")
    Duration resyncInterval();

    /** How long a connection may stay unauthenticated before it is closed (BYE), however active. */
    @WithDefault("60s")
    Duration loginTimeout();

    /** Failed logins in one session before it is closed; the penalty across sessions is anvil's (anvil.*). */
    @WithDefault("3")
    int maxAuthFailures();

    /** Consecutive BAD commands after which the session is closed with BYE. */
    @WithDefault("20")
    int maxBadCommands();

    /** Connections in all (143 and 993 together); when full, the oldest not yet logged-in one is closed. */
    @WithDefault("1000")
    int maxConnections();

    /** Connections per client address that have not logged in; logged-in ones count only against the total. */
    @WithDefault("20")
    int maxConnectionsPerIp();

    @WithDefault("30s")
    Duration storeTimeout();

    /** NetServer instances per listener (each on its own event loop); default: the number of processors. */
    OptionalInt instances();
}
