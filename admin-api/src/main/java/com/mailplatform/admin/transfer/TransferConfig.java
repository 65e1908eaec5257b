package com.mailplatform.admin.transfer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Mailbox import and export ({@code admin.transfer.}); the HTTP body limit is quarkus.http.limits.max-body-size. */
@ConfigMapping(prefix = "admin.transfer")
public interface TransferConfig {

    /** Largest message accepted in an import (mailbox-store's mailbox.max-blob-bytes default). */
    @WithDefault("52428800")
    long maxMessageBytes();

    /** Messages per import request at most (mailctl sends fewer: --batch-messages). */
    @WithDefault("1000")
    int maxBatchMessages();

    /** An export page holds at most this many messages ... */
    @WithDefault("500")
    int exportPageMessages();

    /** ... and stops after the message that reaches this many bytes (a single larger message still fits). */
    @WithDefault("8388608")
    long exportPageBytes();

    /** Deadline of one import batch's gRPC call (a batch of large messages takes longer than admin.grpc-deadline). */
    @WithDefault("120s")
    java.time.Duration batchDeadline();
}
