package com.mailplatform.gateway.log;

/**
 * The bodies of Dovecot 2.3 login and session lines, word for word, so that fail2ban's stock {@code dovecot} filter
 * (and whatever an operator greps for) read ours unchanged. Pure functions; {@link DovecotSessionLog} keeps the
 * per-connection state and writes them as program {@code dovecot}.
 */
public final class DovecotLog {

    static final int MAX_FIELD = 256;

    private DovecotLog() {
    }

    /** {@code imap-login: Login: user=<u>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, mpid=42, TLS, session=<imap-3>}. */
    public static String login(String protocol, String user, String method, String rip, String lip, long mpid, boolean tls,
                               String session) {
        return protocol + "-login: Login: user=<" + clean(user) + ">, method=" + method + ", rip=" + clean(rip) + ", lip="
                + clean(lip) + ", mpid=" + mpid + (tls ? ", TLS" : "") + ", session=<" + clean(session) + ">";
    }

    /**
     * A connection that ended before a login: {@code imap-login: Disconnected: Connection closed (auth failed,
     * 2 attempts in 5 secs): user=<u>, method=PLAIN, rip=..., lip=..., TLS, session=<...>}, or "(no auth attempts in
     * 0 secs)" with {@code user=<>}. The first is what fail2ban's dovecot filter bans on.
     */
    public static String loginDisconnected(String protocol, String reason, int attempts, long secs, String user, String method,
                                           String rip, String lip, boolean tls, String session) {
        String why = attempts > 0 ? "auth failed, " + attempts + " attempts in " + secs + " secs"
                : "no auth attempts in " + secs + " secs";
        return protocol + "-login: Disconnected: " + reason + " (" + why + "): user=<" + (user == null ? "" : clean(user)) + ">, "
                + (attempts > 0 ? "method=" + method + ", " : "") + "rip=" + clean(rip) + ", lip=" + clean(lip)
                + (tls ? ", TLS" : "") + ", session=<" + clean(session) + ">";
    }

    /** The mail process's last line: {@code imap(u)<42><imap-3>: Disconnected: Logged out in=120 out=2400}. */
    public static String sessionDisconnected(String protocol, String user, long pid, String session, String reason, String stats) {
        return protocol + "(" + clean(user) + ")<" + pid + "><" + clean(session) + ">: Disconnected: " + reason
                + (stats == null || stats.isEmpty() ? "" : " " + stats);
    }

    /** No control characters (a forged second line, CWE-117), no '>' inside {@code <...>}, bounded length. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        int n = Math.min(s.length(), MAX_FIELD);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || c == '>' ? '?' : c);
        }
        if (n < s.length()) {
            b.append("...");
        }
        return b.toString();
    }
}
