package com.mailplatform.gateway.imap.response;

import com.mailplatform.common.grpc.mailbox.QuotaReply;

/**
 * RFC 9208 responses for the one quota root every account has: the root named "" covers all its mailboxes. Only
 * the STORAGE resource (section 5.1) is reported: the store limits bytes, not messages, and a resource without a
 * limit has nothing to report (section 5: quota-resource is a usage and a limit).
 */
public final class QuotaResponses {

    /** The name of the account's quota root. */
    public static final String ROOT = "";

    private QuotaResponses() {
    }

    /** Whether the account has a quota root at all: with no limit there is nothing to report. */
    public static boolean hasRoot(QuotaReply q) {
        return q.getLimitBytes() > 0;
    }

    /** {@code QUOTAROOT mailbox [root]} (section 5.2). */
    public static String quotaRoot(String mailbox, QuotaReply q) {
        return "QUOTAROOT " + MailboxNames.quoted(mailbox) + (hasRoot(q) ? " \"" + ROOT + "\"" : "");
    }

    /** {@code QUOTA root (STORAGE usage limit)} (section 5.1): STORAGE counts units of 1024 octets, rounded up. */
    public static String quota(QuotaReply q) {
        return "QUOTA \"" + ROOT + "\" (STORAGE " + kib(q.getUsedBytes()) + " " + kib(q.getLimitBytes()) + ")";
    }

    static long kib(long bytes) {
        return (Math.max(0, bytes) + 1023) / 1024;
    }
}
