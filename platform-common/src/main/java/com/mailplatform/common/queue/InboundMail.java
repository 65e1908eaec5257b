package com.mailplatform.common.queue;

import java.util.List;

/**
 * The claim check that smtp-ingress puts on the {@code mail-inbound} channel: the envelope and where the content
 * is, never the content itself. {@code mailFrom} is empty for the null reverse path.
 */
public record InboundMail(
        int version,
        String queueId,
        String mailFrom,
        List<String> recipients,
        String blobId,
        long size,
        long receivedAtMillis,
        String clientAddress,
        String heloName,
        String authUser) {

    public static final int CURRENT_VERSION = 1;
}
