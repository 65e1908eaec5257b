package com.mailplatform.smtp.checks;

import com.mailplatform.common.dns.DnsCacheConfig;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code smtpd.checks.*}: sender authentication on the MTA listener (port 25) only. Submission, authenticated
 * sessions and mynetworks clients are never checked: they are our own users, not other ADMDs.
 */
public interface ChecksConfig {

    /** SPF (RFC 7208) of the MAIL FROM identity (the HELO identity for the null sender). */
    @WithDefault("true")
    boolean spf();

    /**
     * Refuse MAIL when SPF says fail (Postfix policyd-spf does by default, rspamd does not). Off: RFC 7489 section
     * 10.1 warns that rejecting on SPF fail before DMARC loses forwarded mail that DKIM and DMARC would pass.
     */
    @WithDefault("false")
    boolean spfRejectFail();

    /** DKIM verification (RFC 6376). */
    @WithDefault("true")
    boolean dkim();

    /** Most DKIM-Signature fields verified per message; the rest are reported as not checked (cost bound). */
    @WithDefault("5")
    int dkimMaxSignatures();

    /** DMARC (RFC 7489) evaluation and its Authentication-Results entry. */
    @WithDefault("true")
    boolean dmarc();

    /**
     * Apply the sender's DMARC policy (reject: 550 at end of data; quarantine: delivered to the Junk folder). Off:
     * evaluate and report only (opendmarc RejectFailures=false).
     */
    @WithDefault("true")
    boolean dmarcEnforce();

    /** The folder DMARC quarantine files mail into. */
    @WithDefault("Junk")
    String quarantineMailbox();

    /** Our authserv-id in Authentication-Results (RFC 8601 section 2.5); smtpd.myhostname when unset. */
    Optional<String> authservId();

    /**
     * DNS servers as host:port ([v6]:port; port 53 by default); empty means the system's resolvers (DnsResolvers).
     * Point it at a local caching resolver (unbound) in production: the checks' own cache is per process.
     */
    Optional<List<String>> resolvers();

    /** The time one DNS query may take in all; each server is asked again after 1 s within it (DnsResolvers). */
    @WithDefault("5s")
    Duration dnsTimeout();

    /** The checks' DNS cache, single flight and bound on queries in flight (smtpd.checks.dns-cache.*). */
    DnsCacheConfig dnsCache();

    /** Time one whole check (SPF, DKIM, DMARC discovery, DNSBL) may take before it counts as temperror. */
    @WithDefault("20s")
    Duration timeout();
}
