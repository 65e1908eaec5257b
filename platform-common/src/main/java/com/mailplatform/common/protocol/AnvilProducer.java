package com.mailplatform.common.protocol;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** One {@link AuthPenalty} per service, shared by all its listeners (IMAP and POP3 guesses count together). */
@Singleton
public class AnvilProducer {

    @Produces
    @Singleton
    AuthPenalty authPenalty(AnvilConfig config) {
        return new AuthPenalty(Clock.systemUTC(), config.authFailureWindow(), config.authPenaltyDelay(),
                config.authPenaltyMaxDelay(), config.authMaxFailuresPerIp(), config.authMaxFailuresPerUser(),
                config.maxEntries());
    }
}
