package com.mailplatform.delivery.log;

/**
 * What happened to one recipient in one attempt, in Postfix's terms (status=sent|deferred|bounced), or that it was
 * put on hold without an attempt (status=held: a filter quarantined the message).
 * {@code origRecipient} is the address before alias expansion (Postfix's orig_to), empty when the same;
 * {@code connectMillis}/{@code transmitMillis} are the last two parts of Postfix's delays=a/b/c/d.
 */
public record Outcome(String recipient, String origRecipient, String relay, String dsn, Status status, String reply,
                      long connectMillis, long transmitMillis) {

    public Outcome(String recipient, String relay, String dsn, Status status, String reply) {
        this(recipient, "", relay, dsn, status, reply, 0, 0);
    }

    public Outcome withOrigRecipient(String orig) {
        return new Outcome(recipient, orig.equalsIgnoreCase(recipient) ? "" : orig, relay, dsn, status, reply, connectMillis, transmitMillis);
    }

    public Outcome withTimes(long connect, long transmit) {
        return new Outcome(recipient, origRecipient, relay, dsn, status, reply, connect, transmit);
    }

    public enum Status {
        SENT, DEFERRED, BOUNCED, HELD;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
