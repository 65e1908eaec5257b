package com.mailplatform.common.queue;

import java.util.List;

/**
 * The claim check that smtp-ingress puts on the {@code mail-inbound} channel: the envelope and where the content
 * is, never the content itself. {@code mailFrom} is empty for the null reverse path. Fields after
 * {@code authUser} were added later and may be null in messages from older senders.
 *
 * @param ret          RFC 3461 RET (FULL or HDRS), null when not given
 * @param envid        RFC 3461 ENVID (xtext-decoded), null when not given
 * @param recipientDsn RFC 3461 NOTIFY and ORCPT per recipient, in the order of {@code recipients}; may be null
 * @param smtputf8     RFC 6531: the client asked for SMTPUTF8, addresses may hold UTF-8
 * @param body         RFC 6152 BODY parameter (7BIT, 8BITMIME) or BINARYMIME via BDAT; null when not given
 * @param quarantine   a filter's quarantine reason (milter SMFIR_QUARANTINE): delivery-service keeps every recipient
 *                     held in its queue (Postfix's hold queue) until an operator releases it; null when not held
 * @param mailbox      the folder local recipients get the message in (e.g. "Junk" for DMARC p=quarantine);
 *                     null means INBOX
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
        String authUser,
        String ret,
        String envid,
        List<RecipientDsn> recipientDsn,
        boolean smtputf8,
        String body,
        String quarantine,
        String mailbox) {

    public static final int CURRENT_VERSION = 1;

    /**
     * RFC 3461 section 4: {@code notifyOn} (NOTIFY) holds NEVER or a comma list of SUCCESS, FAILURE, DELAY (null = the
     * default, FAILURE and maybe DELAY); {@code orcpt} is the original recipient as {@code addr-type;address}.
     */
    public record RecipientDsn(String recipient, String notifyOn, String orcpt) {
    }

    /** The envelope of the skeleton: no DSN parameters. */
    public InboundMail(int version, String queueId, String mailFrom, List<String> recipients, String blobId, long size,
                       long receivedAtMillis, String clientAddress, String heloName, String authUser) {
        this(version, queueId, mailFrom, recipients, blobId, size, receivedAtMillis, clientAddress, heloName, authUser,
                null, null, null, false, null, null, null);
    }

    public InboundMail withBlob(String blobId, long size) {
        return new InboundMail(version, queueId, mailFrom, recipients, blobId, size, receivedAtMillis, clientAddress,
                heloName, authUser, ret, envid, recipientDsn, smtputf8, body, quarantine, mailbox);
    }

    /** The DSN options of one recipient, or null. */
    public RecipientDsn dsnOf(String recipient) {
        if (recipientDsn == null) {
            return null;
        }
        for (RecipientDsn d : recipientDsn) {
            if (d.recipient().equalsIgnoreCase(recipient)) {
                return d;
            }
        }
        return null;
    }
}
