package com.mailplatform.delivery.log;

/** What happened to one recipient in one attempt, in Postfix's terms (status=sent|deferred|bounced). */
public record Outcome(String recipient, String relay, String dsn, Status status, String reply) {

    public enum Status {
        SENT, DEFERRED, BOUNCED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
