package com.mailplatform.delivery.client;

import com.mailplatform.common.smtp.SmtpReply;

/**
 * A transaction ended for all its recipients at once (connect failure, bad greeting, MAIL refused, lost connection).
 * {@code tryNextHost}: RFC 5321 section 5.1 — on a temporary failure of one host the next MX is tried.
 */
final class SessionFailure extends RuntimeException {

    final String dsn;
    final boolean tryNextHost;

    SessionFailure(String dsn, String text, boolean tryNextHost) {
        super(text, null, false, false);
        this.dsn = dsn;
        this.tryNextHost = tryNextHost;
    }

    static SessionFailure fromReply(SmtpReply r, String relay, String during, boolean tryNextHost) {
        return new SessionFailure(r.dsn(), "host " + relay + " said: " + r.oneLine() + " (in reply to " + during + ")", tryNextHost);
    }
}
