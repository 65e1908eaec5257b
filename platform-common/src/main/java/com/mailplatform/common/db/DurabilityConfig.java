package com.mailplatform.common.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a service that owns a database makes sure a commit it answers for is durable (ARCHITECTURE.md, "Never lose
 * accepted mail"). One vocabulary for mailbox-store and delivery-service.
 */
@ConfigMapping(prefix = "mail.db")
public interface DurabilityConfig {

    /**
     * Refuse to start when the service's own sessions would get commits acknowledged that a crash can lose
     * ({@code fsync} off, or {@code synchronous_commit} below {@code on}); false only logs the problem as an
     * error, for throwaway test databases.
     */
    @WithDefault("true")
    boolean requireDurableCommits();

    /**
     * The {@code synchronous_commit} every session of the service starts with: {@code on}, or {@code remote_apply}
     * where a synchronous standby must also have applied the commit. Weaker levels are refused.
     */
    @WithDefault("on")
    String synchronousCommit();
}
