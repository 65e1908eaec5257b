package com.mailplatform.delivery.log;

import com.mailplatform.common.log.MailLogWriter;
import com.mailplatform.common.log.PostfixLog;
import com.mailplatform.delivery.bounce.Bouncer;
import com.mailplatform.delivery.queue.Job;
import java.util.List;

/**
 * The qmgr and bounce lines around an attempt, in Postfix's words: each DSN the attempt queued
 * ({@code QID: sender non-delivery notification: RID} and its {@code RID: from=<>, size=N, nrcpt=1 (queue active)}),
 * and {@code QID: removed} once no recipient of the attempt waits in the deferred queue. Logged after the
 * settlement is durable, like {@link MailLog#print}.
 */
public final class QueueLog {

    private QueueLog() {
    }

    public static void settled(Job job, boolean anyDeferred, List<Bouncer.Report> reports) {
        MailLogWriter.Fields f = MailLogWriter.Fields.queue(job.queueId());
        for (Bouncer.Report r : reports) {
            MailLogWriter.of(PostfixLog.BOUNCE).log(f, PostfixLog.notification(job.queueId(), kind(job.queueId(), r.queueId()), r.queueId()));
            MailLogWriter.of(PostfixLog.QMGR).log(MailLogWriter.Fields.queue(r.queueId()), PostfixLog.qmgr(r.queueId(), "", r.size(), 1, "active"));
        }
        if (!anyDeferred) {
            // A retry job holds the rows this replica claimed; rows of the same message claimed elsewhere log their own.
            MailLogWriter.of(PostfixLog.QMGR).log(f, PostfixLog.removed(job.queueId()));
        }
    }

    /** Postfix's words for the three reports (bounce(8): non-delivery, delay, delivery status); see Bouncer.reportId. */
    static String kind(String queueId, String reportId) {
        char letter = reportId.length() > queueId.length() ? reportId.charAt(queueId.length()) : 'F';
        return switch (letter) {
            case 'D' -> "delay";
            case 'S' -> "delivery status";
            default -> "non-delivery";
        };
    }
}
