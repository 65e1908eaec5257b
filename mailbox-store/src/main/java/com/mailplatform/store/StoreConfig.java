package com.mailplatform.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /**
     * Most characters of a message's text kept for SEARCH BODY/TEXT (imap/MessageText), for its header and for its
     * body each: decoded text parts, attachments' names. Text beyond it is not found by a search; it bounds the index
     * and the work a hostile message can cause at delivery. Default 2 Mi characters (a long book).
     */
    @WithDefault("2097152")
    int searchTextMaxChars();

    /** Deepest alias nesting Expand follows (Postfix's virtual_alias_recursion_limit); deeper fails. */
    @WithDefault("1000")
    int virtualAliasRecursionLimit();

    /** Most final recipients one address may expand to (Postfix's virtual_alias_expansion_limit). */
    @WithDefault("1000")
    int virtualAliasExpansionLimit();

    /**
     * Most verified logins remembered by the credential cache (Dovecot's auth_cache_size, counted in entries here,
     * not bytes); 0 turns the cache off.
     */
    @WithDefault("10000")
    int authCacheSize();

    /** How long a successful verification is remembered (Dovecot's auth_cache_ttl). */
    @WithDefault("1h")
    Duration authCacheTtl();

    /** How long a failed verification is remembered (Dovecot's auth_cache_negative_ttl); 0 does not remember them. */
    @WithDefault("1h")
    Duration authCacheNegativeTtl();

    /** How often the blob collector runs (blob/BlobCollector); 0 turns it off. */
    @WithDefault("1h")
    Duration blobGcInterval();

    /**
     * How long a blob stays after its last PutBlob even when nothing references it: longer than a message can wait
     * in the broker or in delivery-service's queue (maximal_queue_lifetime 5 d, plus the last retry's backoff).
     */
    @WithDefault("7d")
    Duration blobGcGrace();

    /** Most blobs one round removes (a bound on the round's I/O); the rest wait for the next round. */
    @WithDefault("10000")
    int blobGcRoundLimit();

    /**
     * Ask delivery-service (QueueAdmin.QueuedBlobIds) for the blobs its queue still needs before removing any, so
     * held mail, which never expires, keeps its blob; while it does not answer, no blob is removed. false relies on
     * the grace period alone.
     */
    @WithDefault("true")
    boolean blobGcAskQueue();

    /** Password hashes imported in Dovecot's schemes (password/DovecotSchemes): mailbox.passwords.*. */
    Passwords passwords();

    /**
     * Mail for a disabled account: REJECT refuses it at RCPT ({@code 550 5.2.1 Mailbox disabled}) and bounces what
     * was already queued; HOLD accepts it and keeps it deferred ({@code 4.2.1}) in delivery-service's queue until
     * the account is enabled again or the queue lifetime ends.
     */
    @WithDefault("reject")
    DisabledAccountMail disabledAccountMail();

    enum DisabledAccountMail { REJECT, HOLD }

    interface Passwords {

        /** Accept {PLAIN}/{CLEAR}/{CLEARTEXT} hashes (the password in clear) at import; upgraded at the next login. */
        @WithDefault("false")
        boolean allowPlaintextSchemes();

        /** Rewrite a hash of another scheme as {BLF-CRYPT} at the account's next successful login. */
        @WithDefault("true")
        boolean upgradeOnLogin();

        /** Highest bcrypt cost an imported {BLF-CRYPT} may have (each step doubles the CPU of every login). */
        @WithDefault("14")
        int maxBcryptCost();

        /** Most rounds an imported {SHA512-CRYPT}/{SHA256-CRYPT} may have (crypt(5) allows 999999999). */
        @WithDefault("1000000")
        int maxCryptRounds();

        /** Most rounds an imported {PBKDF2} may have. */
        @WithDefault("1000000")
        int maxPbkdf2Rounds();

        /** Most memory, in KiB, an imported {ARGON2ID}/{ARGON2I} may ask for at each verification. */
        @WithDefault("65536")
        int maxArgon2MemoryKib();

        /** Most passes (t=) of an imported Argon2 hash. */
        @WithDefault("10")
        int maxArgon2Iterations();

        /** Most lanes (p=) of an imported Argon2 hash. */
        @WithDefault("8")
        int maxArgon2Parallelism();
    }

    /** The background text backfill (imap/TextBackfill): mailbox.text-backfill.*. */
    TextBackfill textBackfill();

    interface TextBackfill {

        /** Fill in the search texts of messages stored before V12; it stops by itself once a pass finds none. */
        @WithDefault("true")
        boolean enabled();

        /** Pause between rounds (a round never overlaps the next); 0 turns it off. */
        @WithDefault("1s")
        Duration interval();

        /**
         * Most messages one round extracts and writes (loaded in batches of fetch-batch-messages/-bytes): a bound
         * on the CPU and I/O one round takes from serving mail.
         */
        @WithDefault("100")
        int batchSize();
    }

    /** sieve part: most Sieve scripts one account may keep (ManageSieve QUOTA/MAXSCRIPTS, RFC 5804 section 1.3). */
    @WithDefault("20")
    int sieveMaxScripts();

    /** sieve part: largest Sieve script in bytes (UTF-8) (ManageSieve QUOTA/MAXSIZE); Dovecot's sieve_max_script_size is 1M. */
    @WithDefault("65536")
    long sieveMaxScriptBytes();
}
