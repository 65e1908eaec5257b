package com.mailplatform.gateway.pop3;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of the POP3 listener, keys {@code pop3.*}; the defaults are the production values. */
@ConfigMapping(prefix = "pop3")
public interface Pop3Config {

    /** Whether the POP3 listener starts at all. */
    @WithDefault("true")
    boolean enabled();

    /** Address to bind; loopback unless configured otherwise (like Postfix inet_interfaces=loopback-only). */
    @WithDefault("127.0.0.1")
    String host();

    /** RFC 1939 section 3: port 110. The local stack uses 10110. 0 picks a free port (tests). */
    @WithDefault("110")
    int port();

    /** RFC 8314: POP3 over implicit TLS on 995 (the local stack uses 10995); -1 turns it off. Needs the certificate. */
    @WithDefault("995")
    int tlsPort();

    /** PEM certificate chain (MAIL_TLS_CERT). Without it there is no STLS and no 995. */
    Optional<String> tlsCertFile();

    /** PEM private key (MAIL_TLS_KEY). */
    Optional<String> tlsKeyFile();

    /** Text after "+OK POP3 server ready " in the greeting. No version numbers: leak nothing. */
    @WithDefault("imap-pop-gateway")
    String banner();

    /**
     * Whether USER/PASS is accepted before STLS (RFC 2595 section 2.2). False by default (ARCHITECTURE.md: AUTH
     * only after TLS); the local stack turns it on for its loopback-only demo so any POP3 client can try it.
     */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    /** Lease of the maildrop lock (RFC 1939 section 8) taken at PASS; renewed once more than half is used. */
    @WithDefault("600s")
    Duration maildropLease();

    /** Failed PASS attempts after which the session is closed; the penalty across sessions is anvil's (anvil.*). */
    @WithDefault("3")
    int maxAuthFailures();

    /** RFC 1939 section 3: the inactivity autologout timer, at least 10 minutes in production. */
    @WithDefault("600s")
    Duration idleTimeout();

    /** Consecutive invalid commands (syntax, state, over-long) after which the session is closed. */
    @WithDefault("10")
    int maxBadCommands();

    /** How long a connection may stay before PASS succeeds, however active; then it is closed. */
    @WithDefault("60s")
    Duration loginTimeout();

    /**
     * Open POP3 connections per gateway process; when full, the oldest not yet logged-in one is closed to make
     * room, and when all are logged in a new one gets -ERR [SYS/TEMP].
     */
    @WithDefault("1000")
    int maxConnections();

    /** Connections per client address that have not logged in; logged-in ones count only against the total. */
    @WithDefault("20")
    int maxConnectionsPerIp();

    /** Longest wait for one mailbox-store call before the command fails with -ERR [SYS/TEMP]. */
    @WithDefault("30s")
    Duration storeTimeout();

    /** NetServer instances (each on its own event loop); default: the number of available processors. */
    OptionalInt instances();

    /**
     * RETR reads ahead: the next messages of the maildrop, up to this many bytes, come in the same store call and
     * wait in the gateway's message cache, since clients fetch a maildrop in order. 0 turns it off.
     */
    @WithDefault("1048576")
    int readaheadBytes();

    /** At most this many messages read ahead per store call. */
    @WithDefault("64")
    int readaheadMessages();
}
