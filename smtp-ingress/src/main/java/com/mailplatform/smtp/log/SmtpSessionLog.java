package com.mailplatform.smtp.log;

import com.mailplatform.common.log.MailLogWriter;
import com.mailplatform.common.log.PostfixLog;
import com.mailplatform.common.log.SmtpCommandCounts;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP session's mail-log lines, as Postfix's smtpd, cleanup and qmgr write them: connect, the NOQUEUE rejects,
 * SASL failures, the queued message's client=/message-id=/from= lines, and disconnect with the command counts.
 * Lives on the session's event loop (not thread-safe).
 */
public final class SmtpSessionLog {

    private final MailLogWriter smtpd;
    private final String client;
    private final SmtpCommandCounts counts = new SmtpCommandCounts();
    private String helo;
    private boolean esmtp;
    private String user;
    private String mechanism;

    public SmtpSessionLog(String listenerService, String clientAddress) {
        this.smtpd = MailLogWriter.of(PostfixLog.smtpdFor(listenerService));
        this.client = clientAddress;
    }

    private MailLogWriter.Fields fields(String queueId) {
        return new MailLogWriter.Fields(queueId, null, client, user);
    }

    public void connect() {
        smtpd.log(fields(null), PostfixLog.connect(client));
    }

    /** A command line arrived (before it is parsed): its first word is what Postfix counts it as. */
    public void command(byte[] line) {
        int end = 0;
        while (end < line.length && end < 16 && line[end] != ' ' && line[end] != '\r' && line[end] != '\n') {
            end++;
        }
        counts.command(new String(line, 0, end, StandardCharsets.US_ASCII));
    }

    public void replied(String reply) {
        counts.replied(reply);
    }

    public void greeted(String name, boolean extended) {
        this.helo = name;
        this.esmtp = extended;
    }

    public void authenticated(String mech, String username) {
        this.mechanism = mech;
        this.user = username;
    }

    /** STARTTLS forgets the authentication (RFC 3207 section 4.2). */
    public void reset() {
        this.user = null;
        this.mechanism = null;
        this.helo = null;
    }

    /** Postfix's {@code NOQUEUE: reject: RCPT from ...} for a policy refusal at {@code stage}; {@code to} null at MAIL. */
    public void reject(String stage, String reply, String from, String to) {
        smtpd.log(fields(null), PostfixLog.reject(null, stage, client, reply, from, to, esmtp, helo));
    }

    /** A refusal of the whole message after DATA (a filter): Postfix names it by queue id and END-OF-MESSAGE. */
    public void rejectMessage(String queueId, String reply, String from, String to) {
        smtpd.log(fields(queueId), PostfixLog.reject(queueId, "END-OF-MESSAGE", client, reply, from, to, esmtp, helo));
    }

    /**
     * A milter's DISCARD: smtpd logs one decided at MAIL or RCPT, cleanup one at END-OF-MESSAGE (Postfix's split);
     * {@code text} null for Postfix's "milter triggers DISCARD action".
     */
    public void milterDiscard(String queueId, String stage, String text, String from, String to) {
        MailLogWriter writer = "END-OF-MESSAGE".equals(stage) ? MailLogWriter.of(PostfixLog.CLEANUP) : smtpd;
        writer.log(fields(queueId), PostfixLog.milterDiscard(queueId, stage, client, text, from, to, esmtp, helo));
    }

    public void saslFailed(String mech, String username) {
        smtpd.log(new MailLogWriter.Fields(null, null, client, username), PostfixLog.saslFailed(client, mech, username));
    }

    /**
     * The message is durably queued: smtpd's {@code client=} line, cleanup's {@code message-id=}, qmgr's
     * {@code from=<>, size=, nrcpt=} (the broker queue is the active queue; held messages say so).
     */
    public void queued(String queueId, String from, long size, int nrcpt, byte[] message, boolean held) {
        MailLogWriter.Fields f = fields(queueId);
        smtpd.log(f, PostfixLog.queued(queueId, client, mechanism, user));
        MailLogWriter.of(PostfixLog.CLEANUP).log(f, PostfixLog.messageId(queueId, HeaderField.first(message, "Message-ID")));
        MailLogWriter.of(PostfixLog.QMGR).log(f, PostfixLog.qmgr(queueId, from, size, nrcpt, held ? "hold" : "active"));
    }

    /** The connection is gone: "lost connection after X" when the client left without QUIT, then the counts. */
    public void disconnect(boolean closedByServer) {
        String last = counts.last();
        if (!closedByServer && !"quit".equalsIgnoreCase(last)) {
            smtpd.log(fields(null), PostfixLog.lostConnection(last, client));
        }
        counts.summary();
        smtpd.log(fields(null), PostfixLog.disconnect(client, counts));
    }
}
