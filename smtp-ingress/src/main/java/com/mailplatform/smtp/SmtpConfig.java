package com.mailplatform.smtp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** smtpd settings; names follow Postfix's postconf(5) where operators know them. */
@ConfigMapping(prefix = "smtpd")
public interface SmtpConfig {

    /** MTA listener port (25 in production, 10025 in the local stack). */
    @WithDefault("25")
    int port();

    /** Like Postfix inet_interfaces: loopback unless an operator opens it (the Kubernetes manifests set 0.0.0.0). */
    @WithDefault("127.0.0.1")
    String inetInterfaces();

    /** The name in the greeting, the EHLO reply and Received headers. */
    @WithDefault("localhost")
    String myhostname();

    /**
     * Trusted client networks (CIDR, IPv6 may be written [::1]/128) allowed to relay. Empty by default: no client,
     * loopback included, is trusted until an operator says so.
     */
    Optional<List<String>> mynetworks();

    /** Largest message accepted, in bytes (Postfix message_size_limit). */
    @WithDefault("10240000")
    long messageSizeLimit();

    /** Most recipients per message (Postfix smtpd_recipient_limit). */
    @WithDefault("1000")
    int recipientLimit();

    /** Idle time before the session is closed with 421 (Postfix smtpd_timeout). */
    @WithDefault("300s")
    Duration timeout();

    /** Errors in one session before it is closed with 421 (Postfix smtpd_hard_error_limit). */
    @WithDefault("20")
    int hardErrorLimit();

    /** How long to wait for mailbox-store and the broker before answering 451 4.3.0. */
    @WithDefault("15s")
    Duration queueTimeout();

    /** How long to wait for a recipient look-up before answering 451 4.3.0. */
    @WithDefault("10s")
    Duration lookupTimeout();
}
