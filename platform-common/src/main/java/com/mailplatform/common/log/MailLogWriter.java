package com.mailplatform.common.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Writes mail-log lines (Postfix's and Dovecot's, see {@link PostfixLog}) to the log category
 * {@code maillog.<program>}, e.g. {@code maillog.postfix/smtpd}. The category's handler (configured once for every
 * service in platform-common's {@code META-INF/microprofile-config.properties}) prints them in syslog's shape,
 * {@code 2026-12-04T00:00:00.000Z host postfix/smtpd[pid]: connect from unknown[192.0.2.1]}, on stdout, which is
 * what fail2ban and pflogsumm read from a file or from {@code kubectl logs}; with {@code MAIL_LOG_FORMAT=json} the
 * line is the JSON record's message and {@link Fields} its MDC fields (queueId, sessionId, clientIp, user).
 */
public final class MailLogWriter {

    /** The parent category of every mail-log line; its handler is the mail log. */
    public static final String CATEGORY = "maillog";

    private static final ConcurrentMap<String, MailLogWriter> WRITERS = new ConcurrentHashMap<>();

    private final Logger logger;

    private MailLogWriter(String program) {
        this.logger = Logger.getLogger(CATEGORY + "." + program);
    }

    /** The writer for one program name, e.g. {@link PostfixLog#SMTPD} or {@code dovecot}. */
    public static MailLogWriter of(String program) {
        return WRITERS.computeIfAbsent(program, MailLogWriter::new);
    }

    /**
     * Logs {@code line} with {@code fields} added to that one record's MDC. They are put on the record, not in the
     * thread's MDC: on a connection's Vert.x event loop (not a duplicated context) Quarkus' MDC would not carry them
     * into the record, and nothing leaks to the next line logged on that thread.
     */
    public void log(Fields fields, String line) {
        if (!logger.isLoggable(Level.INFO)) {
            return;
        }
        ExtLogRecord r = new ExtLogRecord(Level.INFO, line, ExtLogRecord.FormatStyle.NO_FORMAT, MailLogWriter.class.getName());
        r.setLoggerName(logger.getName());
        r.copyMdc(); // whatever else the thread has (a trace id) stays
        put(r, "queueId", fields.queueId());
        put(r, "sessionId", fields.sessionId());
        put(r, "clientIp", fields.clientIp());
        put(r, "user", fields.user());
        logger.log(r);
    }

    private static void put(ExtLogRecord r, String key, String value) {
        if (value != null && !value.isEmpty()) {
            r.putMdc(key, value);
        }
    }

    /** The structured fields of one line (any may be null): what a JSON log consumer filters on. */
    public record Fields(String queueId, String sessionId, String clientIp, String user) {

        public static final Fields NONE = new Fields(null, null, null, null);

        public static Fields queue(String queueId) {
            return new Fields(queueId, null, null, null);
        }

        public Fields withQueueId(String id) {
            return new Fields(id, sessionId, clientIp, user);
        }

        public Fields withUser(String u) {
            return new Fields(queueId, sessionId, clientIp, u);
        }
    }
}
