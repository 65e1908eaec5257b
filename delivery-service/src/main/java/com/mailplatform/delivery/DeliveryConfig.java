package com.mailplatform.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** delivery-service settings; Postfix's names where operators know them (postconf(5)). */
@ConfigMapping(prefix = "delivery")
public interface DeliveryConfig {

    /** Longest wait for mailbox-store before the queue message is handed back to the broker for a later try. */
    @WithDefault("30s")
    Duration storeTimeout();

    /** Pause before handing a message back after a temporary failure, so a down store is not hammered. */
    @WithDefault("5s")
    Duration retryPause();

    /**
     * How long a first attempt keeps trying to record its outcomes when PostgreSQL fails after the delivery was made
     * (a remote MTA may already have the message): handing it back instead would send it again. 0 = hand back at once.
     */
    @WithDefault("60s")
    Duration settlementRetryTime();

    /** First retry of a deferred recipient (Postfix minimal_backoff_time). */
    @WithDefault("300s")
    Duration minimalBackoffTime();

    /** Longest pause between retries; the pause doubles from the minimal one up to this (maximal_backoff_time). */
    @WithDefault("4000s")
    Duration maximalBackoffTime();

    /** How long a message may stay deferred before it bounces (maximal_queue_lifetime). */
    @WithDefault("5d")
    Duration maximalQueueLifetime();

    /** After this long deferred, the sender gets one delay warning (delay_warning_time); 0 disables it. */
    @WithDefault("4h")
    Duration delayWarningTime();

    /** How often each replica looks for due entries in queue.deferred (queue_run_delay, shorter: it is a cheap query). */
    @WithDefault("10s")
    Duration queueRunDelay();

    /** At most this many due recipients are claimed per look. */
    @WithDefault("50")
    int queueRunBatch();

    /**
     * How long a claimed entry belongs to the replica that claimed it. A replica that dies (kill -9) frees its
     * entries when this ends, so it must be longer than one whole SMTP transaction may take.
     */
    @WithDefault("20m")
    Duration claimLease();

    /** Whether this replica runs the deferred queue at all (every replica does by default). */
    @WithDefault("true")
    boolean queueRunner();

    /** The name in EHLO and in the DSN's Reporting-MTA (myhostname). */
    @WithDefault("localhost")
    String myhostname();

    /** DNS servers as host:port ([v6]:port; port 53 by default); empty means the system's resolvers (DnsResolvers). */
    Optional<List<String>> resolvers();

    /** The time one DNS query may take in all; each server is asked again after 1 s within it (DnsResolvers). */
    @WithDefault("10s")
    Duration dnsTimeout();

    /** transport(5) entries {@code domain=nexthop}, {@code .domain=nexthop}; nexthop as in relayhost. */
    Optional<List<String>> transport();

    /** All remote mail goes to this smarthost ({@code host}, {@code [host]}, {@code [host]:port}) unless transport says otherwise. */
    Optional<String> relayhost();

    /** Port of MX and A/AAAA hosts (smtp service, 25). */
    @WithDefault("25")
    int smtpPort();

    /** smtp_connect_timeout. */
    @WithDefault("30s")
    Duration smtpConnectTimeout();

    /** Wait for any reply except after the final dot (smtp_helo_timeout, smtp_mail_timeout, smtp_rcpt_timeout ...). */
    @WithDefault("300s")
    Duration smtpCommandTimeout();

    /** Wait for the reply to the final dot (smtp_data_done_timeout). */
    @WithDefault("600s")
    Duration smtpDataDoneTimeout();

    /** How long an idle session is kept for the next message to the same host (smtp_connection_cache_time_limit; 0 = no reuse). */
    @WithDefault("2s")
    Duration smtpConnectionCacheTimeLimit();

    /** Parallel connections per destination domain (default_destination_concurrency_limit). */
    @WithDefault("20")
    int defaultDestinationConcurrencyLimit();

    /** Domains (or .parent domains) for which delivery without STARTTLS is refused (smtp_tls_policy_maps "encrypt"). */
    Optional<List<String>> smtpTlsRequired();
}
