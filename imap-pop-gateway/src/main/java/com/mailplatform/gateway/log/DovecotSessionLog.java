package com.mailplatform.gateway.log;

import com.mailplatform.common.log.MailLogWriter;

/**
 * One IMAP or POP3 connection's Dovecot-format lines: the login (or, for a connection that never logged in, its
 * "Disconnected (auth failed, N attempts in S secs)" line) and the mail process's logout with bytes in and out.
 * Lives on the session's event loop (not thread-safe).
 */
public final class DovecotSessionLog {

    /** Dovecot logs through syslog as "dovecot"; fail2ban's filter accepts dovecot, dovecot-auth and auth. */
    public static final String PROGRAM = "dovecot";

    private static final long PID = ProcessHandle.current().pid();

    private final MailLogWriter out = MailLogWriter.of(PROGRAM);
    private final String protocol;
    private final String session;
    private final String rip;
    private final String lip;
    private final long startNanos = System.nanoTime();
    private String user;
    private String triedUser;
    private int failures;
    private boolean loggedIn;
    private boolean loggedOut;
    private long bytesIn;
    private long bytesOut;

    /** {@code protocol} is "imap" or "pop3". */
    public DovecotSessionLog(String protocol, String session, String rip, String lip) {
        this.protocol = protocol;
        this.session = session;
        this.rip = rip;
        this.lip = lip;
    }

    private MailLogWriter.Fields fields(String u) {
        return new MailLogWriter.Fields(null, session, rip, u);
    }

    public void authFailed(String triedUser) {
        this.triedUser = triedUser;
        failures++;
    }

    public void loggedIn(String account, boolean tls) {
        this.user = account;
        this.loggedIn = true;
        this.bytesIn = 0;
        this.bytesOut = 0;
        out.log(fields(account), DovecotLog.login(protocol, account, "PLAIN", rip, lip, PID, tls, session));
    }

    /** The client asked to end the session (LOGOUT, QUIT). */
    public void loggingOut() {
        loggedOut = true;
    }

    public void received(long n) {
        bytesIn += n;
    }

    public void sent(long n) {
        bytesOut += n;
    }

    /** The connection is gone: the login process's or the mail process's last line. */
    public void closed(boolean tls) {
        String reason = loggedOut ? "Logged out" : "Connection closed";
        if (loggedIn) {
            // imap_logout_format's in/out; POP3's counts (top/retr/del) are not kept, so its line has none
            out.log(fields(user), DovecotLog.sessionDisconnected(protocol, user, PID, session, reason,
                    "imap".equals(protocol) ? "in=" + bytesIn + " out=" + bytesOut : ""));
        } else {
            long secs = (System.nanoTime() - startNanos) / 1_000_000_000L;
            out.log(fields(triedUser), DovecotLog.loginDisconnected(protocol, reason, failures, secs, triedUser, "PLAIN", rip, lip,
                    tls, session));
        }
    }
}
