package com.mailplatform.smtp.command;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.QueueIds;
import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.DataReader;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.queue.MessageQueue;
import com.mailplatform.smtp.queue.ReceivedHeader;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/** RFC 5321 section 4.1.1.4: 354, the data lines (see {@link DataReader}), then 250 only once queued durably. */
public final class Data implements CommandHandler {

    private static final Logger LOG = Logger.getLogger(Data.class);

    private final MessageQueue queue;

    Data(MessageQueue queue) {
        this.queue = queue;
    }

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        if (s.mailFrom() == null) {
            s.reply("503 5.5.1 Error: need MAIL command");
        } else if (s.recipients().isEmpty()) {
            s.reply("554 5.5.1 Error: no valid recipients");
        } else if (!c.argument().isEmpty()) {
            s.reply("501 5.5.4 Syntax: DATA");
        } else {
            s.startData(new DataReader(s.config().messageSizeLimit()));
            s.reply("354 End data with <CR><LF>.<CR><LF>");
        }
        return s.done();
    }

    /** Called by the session at the end marker. */
    public CompletionStage<?> finish(SmtpSession s, DataReader reader) {
        if (reader.error() != null) {
            s.reply(reader.error());
            s.resetTransaction();
            return s.done();
        }
        String queueId = QueueIds.next();
        List<String> rcpts = List.copyOf(s.recipients());
        ZonedDateTime now = ZonedDateTime.now();
        byte[] received = ReceivedHeader.build(s.heloName(), s.clientAddress(), s.config().myhostname(), s.esmtp(),
                queueId, rcpts, now);
        byte[] body = reader.content();
        byte[] content = new byte[received.length + body.length];
        System.arraycopy(received, 0, content, 0, received.length);
        System.arraycopy(body, 0, content, received.length, body.length);
        InboundMail envelope = new InboundMail(InboundMail.CURRENT_VERSION, queueId, s.mailFrom(), rcpts, null,
                content.length, now.toInstant().toEpochMilli(), s.clientAddress(), s.heloName(), null);
        String from = s.mailFrom();
        s.resetTransaction();
        return s.onContext(queue.enqueue(envelope, content)).handle((ok, err) -> {
            if (err != null) {
                s.reply("451 4.3.0 Error: queue file write error");
            } else {
                LOG.infof("%s: from=<%s>, size=%d, nrcpt=%d, client=[%s] (queue active)", queueId, from, content.length,
                        rcpts.size(), s.clientAddress());
                s.reply("250 2.0.0 Ok: queued as " + queueId);
            }
            return null;
        });
    }
}
