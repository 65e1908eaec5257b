package com.mailplatform.common.protocol;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The authentication penalty every protocol server of a service shares (keys {@code anvil.*}, named after
 * Dovecot's anvil and its auth_penalty). The same keys in smtp-ingress and imap-pop-gateway; the defaults are
 * the production values.
 */
@ConfigMapping(prefix = "anvil")
public interface AnvilConfig {

    /** How long a failure counts. */
    @WithDefault("15m")
    Duration authFailureWindow();

    /** The wait after the first failure from an address; it doubles with each further one (Dovecot: 2 s). */
    @WithDefault("2s")
    Duration authPenaltyDelay();

    /** The longest wait per attempt (Dovecot's AUTH_PENALTY_MAX_PENALTY is 15 s). */
    @WithDefault("15s")
    Duration authPenaltyMaxDelay();

    /** Failures from one address after which it may not authenticate until the window passes. */
    @WithDefault("30")
    int authMaxFailuresPerIp();

    /** Failures for one user from one address after which that pair is refused until the window passes. */
    @WithDefault("10")
    int authMaxFailuresPerUser();

    /** Addresses tracked at most (memory bound). */
    @WithDefault("100000")
    int maxEntries();
}
