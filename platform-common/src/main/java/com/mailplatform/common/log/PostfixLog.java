package com.mailplatform.common.log;

import java.util.Locale;

/**
 * The bodies of Postfix 3.x mail-log lines, word for word, so that the tools operators already run on
 * {@code /var/log/mail.log} (fail2ban's stock {@code postfix} filter in its modes, pflogsumm) read ours unchanged.
 * Pure functions; {@link MailLogWriter} adds the syslog prefix ({@code postfix/smtpd[pid]:}) and the MDC fields.
 * Every service that logs a mail event in Postfix's terms (smtp-ingress, delivery-service, the queue tools) formats
 * it here.
 */
public final class PostfixLog {

    /** The programs ({@code syslog_name/service}) the lines are logged as: what the tools select on. */
    public static final String SMTPD = "postfix/smtpd";
    public static final String SUBMISSION = "postfix/submission/smtpd";
    public static final String SMTPS = "postfix/smtps/smtpd";
    public static final String CLEANUP = "postfix/cleanup";
    public static final String QMGR = "postfix/qmgr";
    public static final String LOCAL = "postfix/local";
    public static final String SMTP = "postfix/smtp";
    public static final String BOUNCE = "postfix/bounce";
    public static final String POSTSUPER = "postfix/postsuper";

    /** Longest envelope address or reply put in a line: a hostile client cannot make one log line huge. */
    static final int MAX_FIELD = 512;

    private PostfixLog() {
    }

    /**
     * Postfix's client name: {@code name[address]}, with {@code unknown} as the name since the platform does no
     * reverse look-up on connect (no DNS on the accept path).
     */
    public static String client(String address) {
        return "unknown[" + clean(address) + "]";
    }

    /** {@code connect from unknown[192.0.2.1]}. */
    public static String connect(String address) {
        return "connect from " + client(address);
    }

    /** {@code disconnect from unknown[192.0.2.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4}. */
    public static String disconnect(String address, SmtpCommandCounts counts) {
        String c = counts.toString();
        return "disconnect from " + client(address) + (c.isEmpty() ? "" : " " + c);
    }

    /** {@code lost connection after RCPT from unknown[192.0.2.1]}: the client went away without QUIT. */
    public static String lostConnection(String lastCommand, String address) {
        return "lost connection after " + clean(lastCommand).toUpperCase(Locale.ROOT) + " from " + client(address);
    }

    /**
     * Postfix's smtpd reject line, {@code NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 550 5.1.1 <x@y>: Recipient
     * address rejected: User unknown; from=<a@b> to=<x@y> proto=ESMTP helo=<h>}. {@code queueId} is null before the
     * transaction has one (NOQUEUE); {@code stage} is the command (CONNECT, HELO, MAIL, RCPT, DATA, END-OF-MESSAGE);
     * {@code to} is null where there is no recipient (MAIL stage).
     */
    public static String reject(String queueId, String stage, String address, String reply, String from, String to,
                                boolean esmtp, String helo) {
        return action(queueId, "reject", stage, address, reply, from, to, esmtp, helo);
    }

    /**
     * A milter's DISCARD, as smtpd (at MAIL or RCPT) or cleanup (at END-OF-MESSAGE) log it: {@code ABC123:
     * milter-discard: END-OF-MESSAGE from unknown[192.0.2.1]: milter triggers DISCARD action; from=<a@b> to=<x@y>
     * proto=ESMTP helo=<h>}. The message is answered 250 and goes nowhere; {@code text} other than Postfix's own
     * says why when no milter asked for it in those words (every recipient removed).
     */
    public static String milterDiscard(String queueId, String stage, String address, String text, String from, String to,
                                       boolean esmtp, String helo) {
        return action(queueId, "milter-discard", stage, address, text == null ? "milter triggers DISCARD action" : text, from, to, esmtp, helo);
    }

    private static String action(String queueId, String action, String stage, String address, String text, String from, String to,
                                 boolean esmtp, String helo) {
        StringBuilder b = new StringBuilder();
        b.append(queueId == null ? "NOQUEUE" : clean(queueId)).append(": ").append(action).append(": ").append(clean(stage))
                .append(" from ").append(client(address)).append(": ").append(clean(text));
        b.append("; from=<").append(from == null ? "" : clean(from)).append('>');
        if (to != null) {
            b.append(" to=<").append(clean(to)).append('>');
        }
        b.append(" proto=").append(esmtp ? "ESMTP" : "SMTP");
        if (helo != null) {
            b.append(" helo=<").append(clean(helo)).append('>');
        }
        return b.toString();
    }

    /**
     * Postfix's SASL failure warning (the text after {@code warning: }), {@code unknown[192.0.2.1]: SASL PLAIN
     * authentication failed: authentication failure, sasl_username=u}: what fail2ban's {@code postfix[mode=auth]}
     * (the postfix-sasl jail) bans on.
     */
    public static String saslFailed(String address, String mechanism, String username) {
        return "warning: " + client(address) + ": SASL " + clean(mechanism).toUpperCase(Locale.ROOT)
                + " authentication failed: authentication failure"
                + (username == null || username.isEmpty() ? "" : ", sasl_username=" + clean(username));
    }

    /** smtpd's first line of a queued message: {@code QID: client=unknown[192.0.2.1], sasl_method=PLAIN, sasl_username=u}. */
    public static String queued(String queueId, String address, String saslMethod, String saslUsername) {
        return clean(queueId) + ": client=" + client(address)
                + (saslUsername == null ? "" : ", sasl_method=" + clean(saslMethod == null ? "PLAIN" : saslMethod)
                + ", sasl_username=" + clean(saslUsername));
    }

    /** cleanup's {@code QID: message-id=<id>} ({@code message-id=<>} when the message has none, as Postfix). */
    public static String messageId(String queueId, String messageId) {
        return clean(queueId) + ": message-id=<" + (messageId == null ? "" : clean(stripAngles(messageId))) + ">";
    }

    /** qmgr's {@code QID: from=<a@b>, size=1234, nrcpt=2 (queue active)}; {@code queue} is active, hold or deferred. */
    public static String qmgr(String queueId, String from, long size, int nrcpt, String queue) {
        return clean(queueId) + ": from=<" + (from == null ? "" : clean(from)) + ">, size=" + size + ", nrcpt=" + nrcpt
                + " (queue " + queue + ")";
    }

    /** qmgr's last line of a message: {@code QID: removed}. */
    public static String removed(String queueId) {
        return clean(queueId) + ": removed";
    }

    /** bounce's {@code QID: sender non-delivery notification: NEWQID} (delay and success notices have their own words). */
    public static String notification(String queueId, String kind, String reportQueueId) {
        return clean(queueId) + ": sender " + clean(kind) + " notification: " + clean(reportQueueId);
    }

    /**
     * A delivery agent's line, {@code QID: to=<x@y>, orig_to=<alias@y>, relay=local, delay=0.12,
     * delays=0.01/0/0/0.11, dsn=2.0.0, status=sent (delivered to mailbox)}; {@code origTo} only when it differs.
     * {@code delays} is Postfix's a/b/c/d as the caller measured it.
     */
    public static String delivery(String queueId, String to, String origTo, String relay, double delaySeconds, String delays,
                                  String dsn, String status, String reply) {
        return String.format(Locale.ROOT, "%s: to=<%s>, %srelay=%s, delay=%.2f, delays=%s, dsn=%s, status=%s (%s)",
                clean(queueId), clean(to), origTo == null || origTo.isEmpty() ? "" : "orig_to=<" + clean(origTo) + ">, ",
                clean(relay), delaySeconds, delays, dsn, status, clean(reply));
    }

    /** The syslog program a delivery through {@code relay} is logged as (Postfix's local or smtp agent). */
    public static String agentFor(String relay) {
        return relay != null && relay.startsWith("local") ? LOCAL : SMTP;
    }

    /** The smtpd program for a listener, as Postfix's master.cf names them (smtp, submission, smtps). */
    public static String smtpdFor(String serviceName) {
        return switch (serviceName == null ? "" : serviceName) {
            case "submission" -> SUBMISSION;
            case "smtps", "submissions" -> SMTPS;
            default -> SMTPD;
        };
    }

    /**
     * No control characters (a CR or LF would forge a second log line: CWE-117) and bounded length; what a client
     * sent is printed, not interpreted.
     */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        int n = Math.min(s.length(), MAX_FIELD);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(n).append(s, 0, i);
                }
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        String out = b != null ? b.toString() : n < s.length() ? s.substring(0, n) : s;
        return n < s.length() ? out + "..." : out;
    }

    private static String stripAngles(String id) {
        String t = id.strip();
        if (t.startsWith("<") && t.endsWith(">") && t.length() >= 2) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}
