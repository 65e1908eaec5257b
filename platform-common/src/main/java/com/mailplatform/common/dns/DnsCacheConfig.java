package com.mailplatform.common.dns;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The settings of a service's {@link CachingResolver}, a configuration group ({@code <prefix>.dns-cache.*}). The
 * defaults are those of {@link CachingResolver.Settings#defaults()}.
 */
public interface DnsCacheConfig {

    /** Answers kept at most (about 1 KiB each). */
    @WithDefault("10000")
    int maxEntries();

    /** The longest an answer with records is kept, whatever its TTL. */
    @WithDefault("1h")
    Duration maxTtl();

    /** How long NXDOMAIN or NODATA is kept when the answer carries no SOA to take it from (RFC 2308 section 5). */
    @WithDefault("60s")
    Duration negativeTtl();

    /** The longest NXDOMAIN or NODATA is kept, whatever the SOA says. */
    @WithDefault("1h")
    Duration maxNegativeTtl();

    /**
     * How long SERVFAIL, REFUSED or a timeout is kept (RFC 9520 section 3.2: at least 1 s): a dead domain costs one
     * timeout per this period, not one per message.
     */
    @WithDefault("5s")
    Duration failureTtl();

    /** Queries to the DNS servers at once; more wait, without holding a thread, for one to finish. */
    @WithDefault("256")
    int maxInFlight();

    /** Queries waiting for one of those slots; past this a look-up fails at once (temperror, never a verdict). */
    @WithDefault("4096")
    int maxWaiting();

    default CachingResolver.Settings settings() {
        return new CachingResolver.Settings(maxEntries(), maxTtl(), negativeTtl(), maxNegativeTtl(), failureTtl(),
                maxInFlight(), maxWaiting());
    }
}
