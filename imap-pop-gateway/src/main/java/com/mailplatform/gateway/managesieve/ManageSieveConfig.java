package com.mailplatform.gateway.managesieve;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of the ManageSieve listener (RFC 5804), keys {@code managesieve.*}; the defaults are the production values. */
@ConfigMapping(prefix = "managesieve")
public interface ManageSieveConfig {

    /** RFC 5804 section 1.8: port 4190. 0 turns the listener off. */
    @WithDefault("4190")
    int port();

    /** Address to bind; loopback unless configured otherwise, like the other listeners. */
    @WithDefault("127.0.0.1")
    String host();

    /** PEM certificate chain (MAIL_TLS_CERT). Without it there is no STARTTLS. */
    Optional<String> tlsCertFile();

    /** PEM private key (MAIL_TLS_KEY). */
    Optional<String> tlsKeyFile();

    /** The IMPLEMENTATION capability (RFC 5804 section 1.7). No version numbers: leak nothing. */
    @WithDefault("imap-pop-gateway")
    String implementation();

    /** Whether SASL PLAIN is offered and accepted before STARTTLS (RFC 5804 section 2.1); like pop3.allow-plaintext-auth. */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    /** Failed AUTHENTICATE attempts after which the session ends with BYE; the cross-session penalty is anvil's. */
    @WithDefault("3")
    int maxAuthFailures();

    /** Closes a connection idle this long (RFC 5804 gives no number; clients keep editor sessions open). */
    @WithDefault("600s")
    Duration idleTimeout();

    /** How long a connection may stay before AUTHENTICATE succeeds, however active. */
    @WithDefault("60s")
    Duration loginTimeout();

    /** Consecutive bad commands after which the session ends with BYE. */
    @WithDefault("10")
    int maxBadCommands();

    /** Largest literal after authentication (a script in PUTSCRIPT/CHECKSCRIPT); the store's limit applies too. */
    @WithDefault("1048576")
    int maxLiteral();

    /** Open ManageSieve connections per gateway process. */
    @WithDefault("200")
    int maxConnections();

    /** Connections per client address that have not authenticated. */
    @WithDefault("10")
    int maxConnectionsPerIp();

    /** Longest wait for one mailbox-store call before the command fails with NO (TRYLATER). */
    @WithDefault("30s")
    Duration storeTimeout();

    /** NetServer instances; default 1 (editing scripts is rare). */
    OptionalInt instances();
}
