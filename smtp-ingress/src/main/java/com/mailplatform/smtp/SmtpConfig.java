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

    /** Submission listener (RFC 6409); 0 turns it off. */
    @WithDefault("587")
    int submissionPort();

    /** Submissions listener with implicit TLS (RFC 8314); 0 turns it off. Needs a certificate. */
    @WithDefault("465")
    int submissionsPort();

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

    /**
     * Postfix smtpd_relay_restrictions, evaluated in order for each RCPT: permit_mynetworks,
     * permit_sasl_authenticated, reject_unauth_destination, reject (and permit).
     */
    @WithDefault("permit_mynetworks,permit_sasl_authenticated,reject_unauth_destination")
    List<String> relayRestrictions();

    /** PEM certificate chain for STARTTLS and port 465 (Postfix smtpd_tls_cert_file); none means no TLS. */
    Optional<String> tlsCertFile();

    /** PEM private key (Postfix smtpd_tls_key_file). */
    Optional<String> tlsKeyFile();

    /** AUTH only after STARTTLS or on 465 (Postfix smtpd_tls_auth_only). */
    @WithDefault("true")
    boolean tlsAuthOnly();

    /** Largest message accepted, in bytes (Postfix message_size_limit). */
    @WithDefault("10240000")
    long messageSizeLimit();

    /** Most recipients per message (Postfix smtpd_recipient_limit). */
    @WithDefault("1000")
    int recipientLimit();

    /** Time allowed for a complete command or text line before 421 (Postfix smtpd_timeout). */
    @WithDefault("300s")
    Duration timeout();

    /** Longest a session may last in all, so a client trickling bytes cannot hold a connection for ever. */
    @WithDefault("3600s")
    Duration sessionTimeLimit();

    /** Errors after which every reply is delayed by error-sleep-time (Postfix smtpd_soft_error_limit). */
    @WithDefault("10")
    int softErrorLimit();

    /** Postfix smtpd_error_sleep_time. */
    @WithDefault("1s")
    Duration errorSleepTime();

    /** Errors in one session before it is closed with 421 (Postfix smtpd_hard_error_limit). */
    @WithDefault("20")
    int hardErrorLimit();

    /** Simultaneous connections per client address (Postfix smtpd_client_connection_count_limit); 0 = none. */
    @WithDefault("50")
    int clientConnectionCountLimit();

    /** Connections per client address per minute (Postfix smtpd_client_connection_rate_limit); 0 = none. */
    @WithDefault("0")
    int clientConnectionRateLimit();

    /** Messages per client address per minute (Postfix smtpd_client_message_rate_limit); 0 = none. */
    @WithDefault("0")
    int clientMessageRateLimit();

    /**
     * Unknown local recipients per client address per minute, across its sessions, before its RCPTs are answered
     * 421 without a look-up (directory harvesting; Postfix stops it with smtpd_hard_error_limit per session and
     * postscreen across them); 0 = none.
     */
    @WithDefault("20")
    int clientUnknownRecipientLimit();

    /**
     * How long the MTA listener (port 25) waits before its greeting; a client that talks in that time is an early
     * talker and is refused (Postfix postscreen's pregreet test, postscreen_greet_wait). 0 = no wait.
     */
    @WithDefault("500ms")
    Duration pregreetWait();

    /**
     * What the MTA listener does with DSN requests (RFC 3461 NOTIFY, RET) of clients that are neither
     * authenticated nor in mynetworks, so a forged sender cannot get the message reflected to it
     * (backscatter): {@code ignore} (the default: NOTIFY and RET are dropped, failures are still reported as
     * without DSN), {@code headers} (RET=HDRS forced, NOTIFY=SUCCESS and DELAY dropped), {@code keep}. Like
     * Postfix's advice to discard the dsn EHLO keyword for untrusted clients (smtpd_discard_ehlo_keywords).
     */
    @WithDefault("ignore")
    UntrustedDsn untrustedDsn();

    enum UntrustedDsn { IGNORE, HEADERS, KEEP }

    /** How long to wait for mailbox-store to store the message content before answering 451 4.3.0. */
    @WithDefault("15s")
    Duration queueTimeout();

    /**
     * How long to wait for the broker's outcome once the envelope is handed to it. Longer than the AMQP connector's
     * retries across a broker restart (mp.messaging.outgoing.mail-inbound.retry-on-fail-*), far shorter than the 10
     * minutes a client waits for the reply to the final dot (RFC 5321 section 4.5.3.2.6), and shorter than impatient
     * clients' 30 s. Without an outcome the message may still be in the broker, so the ingress then settles the
     * hand-off with mailbox-store (MessageQueue): 451 4.3.0 only once delivery-service can no longer take it.
     */
    @WithDefault("25s")
    Duration queueOutcomeTimeout();

    /** How long to wait for a recipient look-up before answering 451 4.3.0. */
    @WithDefault("10s")
    Duration lookupTimeout();

    /**
     * How long a look-up that found an existing local address is reused for the next RCPT of the same address
     * (RecipientCache); a deleted or disabled account is accepted for at most this long.
     * 0 asks mailbox-store at every RCPT.
     */
    @WithDefault("10s")
    Duration recipientCacheTtl();

    /** Addresses the recipient cache holds at most (cleared when full). */
    @WithDefault("10000")
    int recipientCacheSize();

    /**
     * Postfix header_checks, simplified: entries {@code /regex/ REJECT text} or {@code /regex/ PREPEND header},
     * matched case-insensitively against each header line of a message.
     */
    Optional<List<String>> headerChecks();

    /** Postfix smtpd_milters: ordered milters, each {@code inet:host:port}; none by default. */
    Optional<List<String>> milters();

    /**
     * The milters of the submission listeners (587, 465), like master.cf's {@code -o smtpd_milters=} for the
     * submission service (e.g. opendkim in signing mode). Unset: the same as {@link #milters()}; the value
     * {@code none} means no milter there.
     */
    Optional<List<String>> submissionMilters();

    /** Postfix milter_default_action when a milter is down, slow or broken: accept, reject or tempfail. */
    @WithDefault("tempfail")
    String milterDefaultAction();

    /** Postfix milter_connect_timeout. */
    @WithDefault("30s")
    Duration milterConnectTimeout();

    /** Postfix milter_command_timeout: the wait for a reply to connect, HELO, MAIL, RCPT, DATA, headers. */
    @WithDefault("30s")
    Duration milterCommandTimeout();

    /** Postfix milter_content_timeout: the wait for a reply to a body chunk and to end of message. */
    @WithDefault("300s")
    Duration milterContentTimeout();

    /**
     * Postfix reject_rbl_client: DNSBL zones the connecting address is looked up in (MTA listener only, clients in
     * mynetworks exempt); {@code zone} matches any 127.0.0.x answer, {@code zone=127.0.0.2} only that one. None by
     * default.
     */
    Optional<List<String>> rblClients();

    /** SPF, DKIM and DMARC on the MTA listener ({@code smtpd.checks.*}). */
    com.mailplatform.smtp.checks.ChecksConfig checks();

    /**
     * At shutdown, how long sessions in a transaction may take to finish before they get 421 (SessionDrain). Keep
     * it below the pod's terminationGracePeriodSeconds (60 s for smtp-ingress in k8s/base).
     */
    @WithDefault("30s")
    Duration shutdownDrainTime();
}
