package com.mailplatform.smtp.command;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.QueueIds;
import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.filter.FilterChain;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.smtp.parse.MessageReader;
import com.mailplatform.smtp.queue.MessageQueue;
import com.mailplatform.smtp.queue.ReceivedHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The end of DATA or of the LAST BDAT chunk: the content filters see the complete message, a Received header is
 * prepended, the message is queued, and only then 250 (ARCHITECTURE.md, "Never lose accepted mail").
 */
final class EndOfMessage {

    private static final Logger LOG = Logger.getLogger(EndOfMessage.class);

    private final FilterChain filters;
    private final MessageQueue queue;

    EndOfMessage(FilterChain filters, MessageQueue queue) {
        this.filters = filters;
        this.queue = queue;
    }

    CompletionStage<?> finish(SmtpSession s, MessageReader reader) {
        SmtpSession.Envelope env = s.envelope();
        s.resetTransaction();
        if (reader.error() != null) {
            s.reply(reader.error());
            return s.done();
        }
        if (env == null || env.recipients.isEmpty()) {
            s.reply("554 5.5.1 Error: no valid recipients");
            return s.done();
        }
        String queueId = QueueIds.next();
        List<String> rcpts = List.copyOf(env.recipients);
        byte[] body = reader.content();
        FilterContext ctx = new FilterContext(queueId, s.listener().serviceName(), s.clientAddress(), s.heloName(),
                s.tls(), s.authUser(), env.mailFrom, rcpts);
        return s.onContext(filters.run(f -> f.onMessage(ctx, body))).thenCompose(verdict -> {
            switch (verdict.action()) {
                case REJECT -> {
                    LOG.infof("%s: reject: from=<%s> client=[%s]: %s", queueId, env.mailFrom, s.clientAddress(), verdict.reply());
                    s.reply(verdict.reply());
                    return s.done();
                }
                case TEMPFAIL -> {
                    s.reply(verdict.reply() != null ? verdict.reply() : "451 4.7.1 Service unavailable - try again later");
                    return s.done();
                }
                case DISCARD -> {
                    LOG.infof("%s: discard: from=<%s> client=[%s]", queueId, env.mailFrom, s.clientAddress());
                    s.reply("250 2.0.0 Ok: queued as " + queueId);
                    return s.done();
                }
                default -> {
                    return enqueue(s, env, queueId, rcpts, body, verdict);
                }
            }
        });
    }

    private CompletionStage<Void> enqueue(SmtpSession s, SmtpSession.Envelope env, String queueId, List<String> rcpts,
                                       byte[] body, Verdict verdict) {
        ZonedDateTime now = ZonedDateTime.now();
        ByteArrayOutputStream content = new ByteArrayOutputStream(body.length + 512);
        content.writeBytes(ReceivedHeader.build(new ReceivedHeader.Trace(s.heloName(), s.clientAddress(),
                s.config().myhostname(), s.esmtp(), s.tls() ? s.tlsDescription() : null, s.authUser(), queueId, rcpts, now)));
        for (String h : verdict.headers()) {
            content.writeBytes((h + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        content.writeBytes(body);
        byte[] bytes = content.toByteArray();
        InboundMail envelope = new InboundMail(InboundMail.CURRENT_VERSION, queueId, env.mailFrom, rcpts, null,
                bytes.length, now.toInstant().toEpochMilli(), s.clientAddress(), s.heloName(), s.authUser(),
                env.ret, env.envid, env.dsn.isEmpty() ? null : List.copyOf(env.dsn), env.smtputf8, env.body);
        return s.onContext(queue.enqueue(envelope, bytes)).handle((ok, err) -> {
            if (err != null) {
                s.reply("451 4.3.0 Error: queue file write error");
            } else {
                LOG.infof("%s: from=<%s>, size=%d, nrcpt=%d, client=[%s]%s%s", queueId, env.mailFrom, bytes.length,
                        rcpts.size(), s.clientAddress(), s.authUser() == null ? "" : ", sasl_username=" + s.authUser(),
                        " (queue active)");
                s.reply("250 2.0.0 Ok: queued as " + queueId);
            }
            return (Void) null;
        });
    }
}
