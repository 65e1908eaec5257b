package com.mailplatform.delivery.queue;

import java.util.List;

/**
 * One delivery attempt for one message: the envelope and the recipients to try now. A job comes either from the
 * broker (first attempt; recipients not yet expanded, {@code fromQueue} false) or from queue.deferred (a retry of
 * rows this replica claimed). {@code mailbox} is the folder local recipients get the message in (InboundMail.mailbox,
 * e.g. "Junk"); null means INBOX. {@code smtputf8} is the client's SMTPUTF8 on MAIL FROM (InboundMail.smtputf8), kept
 * so that remote delivery asks the next hop for it (RFC 6531 section 3.4) on every attempt.
 */
public record Job(String queueId, String sender, String blobId, long size, long receivedAtMillis, String ret,
                  String envid, List<Recipient> recipients, boolean fromQueue, String mailbox, boolean smtputf8) {

    /**
     * One recipient. {@code rowId} and {@code attempts} are 0 on a first attempt; {@code notifyOn} (NOTIFY) and {@code orcpt}
     * are RFC 3461's (null when the client gave none).
     */
    public record Recipient(String address, String origAddress, String notifyOn, String orcpt, long rowId, int attempts,
                            boolean warned) {

        public static Recipient fresh(String address, String notifyOn, String orcpt) {
            return new Recipient(address, "", notifyOn, orcpt, 0, 0, false);
        }

        public Recipient expandedTo(String target) {
            return new Recipient(target, target.equalsIgnoreCase(address) ? origAddress : address, notifyOn, orcpt, rowId, attempts, warned);
        }
    }

    public Job withRecipients(List<Recipient> r) {
        return new Job(queueId, sender, blobId, size, receivedAtMillis, ret, envid, r, fromQueue, mailbox, smtputf8);
    }

    public Recipient recipient(String address) {
        for (Recipient r : recipients) {
            if (r.address().equalsIgnoreCase(address)) {
                return r;
            }
        }
        return null;
    }
}
