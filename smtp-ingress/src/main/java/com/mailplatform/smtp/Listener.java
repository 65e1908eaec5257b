package com.mailplatform.smtp;

/** The three smtpd services of Postfix's master.cf that the platform runs. */
public enum Listener {
    /** Port 25: mail from other MTAs; AUTH optional, STARTTLS offered. */
    MTA("smtp", false, false),
    /** Port 587, RFC 6409: AUTH required before MAIL, STARTTLS required before AUTH. */
    SUBMISSION("submission", false, true),
    /** Port 465, RFC 8314: TLS from the first byte, AUTH required. */
    SUBMISSIONS("submissions", true, true);

    private final String serviceName;
    private final boolean implicitTls;
    private final boolean authRequired;

    Listener(String serviceName, boolean implicitTls, boolean authRequired) {
        this.serviceName = serviceName;
        this.implicitTls = implicitTls;
        this.authRequired = authRequired;
    }

    public String serviceName() {
        return serviceName;
    }

    public boolean implicitTls() {
        return implicitTls;
    }

    public boolean authRequired() {
        return authRequired;
    }
}
