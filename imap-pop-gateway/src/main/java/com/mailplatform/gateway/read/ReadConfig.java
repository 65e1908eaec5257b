package com.mailplatform.gateway.read;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway reads messages from mailbox-store, for IMAP and POP3 alike. */
@ConfigMapping(prefix = "gateway")
public interface ReadConfig {

    /**
     * Bytes of message parts (bodies, sections, ENVELOPE/BODYSTRUCTURE) kept in memory. They never change once
     * stored (a UID is never reused in a mailbox), so the cache needs no invalidation; 0 turns it off.
     */
    @WithDefault("33554432")
    long messageCacheBytes();

    /** Largest single part the cache keeps; larger ones are streamed through and not kept. */
    @WithDefault("1048576")
    int messageCacheMaxEntryBytes();
}
