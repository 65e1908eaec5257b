package com.mailplatform.delivery.bounce;

/** The three reports of RFC 3464 that the platform sends, with the Action each recipient gets (section 2.3.3). */
public enum DsnKind {
    FAILED("failed", "Undelivered Mail Returned to Sender", 'F'),
    DELAYED("delayed", "Delayed Mail (still being retried)", 'D'),
    DELIVERED("delivered", "Successful Mail Delivery Report", 'S');

    public final String action;
    public final String subject;
    public final char letter;

    DsnKind(String action, String subject, char letter) {
        this.action = action;
        this.subject = subject;
        this.letter = letter;
    }
}
