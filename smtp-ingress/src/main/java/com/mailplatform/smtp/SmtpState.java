package com.mailplatform.smtp;

/** Where an SMTP session is (RFC 5321 section 4.1.4 ordering): what a command's {@code validIn()} is judged on. */
public enum SmtpState {
    /** Connected, no HELO/EHLO yet. */
    CONNECTED,
    /** Greeted, no transaction. */
    GREETED,
    /** MAIL was accepted: RCPT, DATA and BDAT belong here. */
    TRANSACTION
}
