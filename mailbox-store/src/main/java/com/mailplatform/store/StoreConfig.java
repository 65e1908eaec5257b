package com.mailplatform.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "mailbox")
public interface StoreConfig {

    /** bcrypt cost for new password hashes ({BLF-CRYPT}); Dovecot's default is 5, OWASP asks for 10 or more. */
    @WithDefault("10")
    int bcryptCost();

    /** Quota for accounts created without one, in bytes; 0 means no limit. */
    @WithDefault("0")
    long defaultQuotaBytes();

    /** Largest blob PutBlob accepts, in bytes (above smtp-ingress's message_size_limit, for headers it adds). */
    @WithDefault("52428800")
    long maxBlobBytes();

    /** Chunk size of GetBlob and FetchMessages streams, in bytes. */
    @WithDefault("65536")
    int chunkBytes();

    /**
     * Bytes of recently read message contents kept in memory (immutable: content-addressed); 0 turns it off. A
     * message larger than a sixteenth of it is never kept.
     */
    @WithDefault("33554432")
    long blobCacheBytes();

    /** How many message contents one FetchMessages round loads from PostgreSQL at most (one query each round). */
    @WithDefault("64")
    int fetchBatchMessages();

    /** How many bytes of message contents one FetchMessages round loads at most (a single larger message still goes alone). */
    @WithDefault("4194304")
    int fetchBatchBytes();

    /** Deepest alias nesting Expand follows (Postfix's virtual_alias_recursion_limit); deeper fails. */
    @WithDefault("1000")
    int virtualAliasRecursionLimit();

    /** Most final recipients one address may expand to (Postfix's virtual_alias_expansion_limit). */
    @WithDefault("1000")
    int virtualAliasExpansionLimit();
}
