package com.mailplatform.smtp.command;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.response.Replies;
import com.mailplatform.smtp.Transaction;
import com.mailplatform.smtp.filter.FilterChain;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.smtp.parse.MessageReader;
import com.mailplatform.smtp.queue.MessageQueue;
import com.mailplatform.smtp.queue.OutcomeUnknown;
import com.mailplatform.smtp.queue.ReceivedHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Postfix's cleanup, at the end of DATA or of the LAST BDAT chunk: the content filters see the complete message, a Received header is
 * prepended, the message is queued, and only then 250 (ARCHITECTURE.md, "Never lose accepted mail").
 */
public final class Cleanup {

    private final FilterChain filters;
    private final MessageQueue queue;

    Cleanup(FilterChain filters, MessageQueue queue) {
        this.filters = filters;
        this.queue = queue;
    }

    public CompletionStage<?> finish(SmtpSession s, MessageReader reader) {
        Transaction env = s.transaction();
        if (reader.error() != null || env == null || env.recipients.isEmpty()) {
            s.resetTransaction();
            s.reply(reader.error() != null ? reader.error() : Replies.NO_VALID_RECIPIENTS);
            return s.done();
        }
        FilterContext ctx = s.filterContext(env);
        s.completeTransaction();
        String queueId = env.queueId;
        List<String> rcpts = List.copyOf(env.recipients);
        byte[] body = reader.content();
        if (env.discarded) { // logged when a filter decided it, at MAIL or RCPT
            s.filters().notify(f -> f.onAbort(ctx));
            s.reply(Replies.queued(queueId));
            return s.done();
        }
        return s.onContext(filters.run(f -> f.onMessage(ctx, body))).thenCompose(verdict -> {
            if (verdict.action() != Verdict.Action.CONTINUE && verdict.action() != Verdict.Action.ACCEPT) {
                // The filters not reached yet still hold the transaction open (a milter between MAIL and EOM).
                filters.notify(f -> f.onAbort(ctx));
            }
            switch (verdict.action()) {
                case REJECT -> {
                    s.mailLog().rejectMessage(queueId, verdict.reply(), env.mailFrom, rcpts.get(0));
                    s.reply(verdict.reply());
                    return s.done();
                }
                case TEMPFAIL -> {
                    s.reply(verdict.reply() != null ? verdict.reply() : "451 4.7.1 Service unavailable - try again later");
                    return s.done();
                }
                case DISCARD -> {
                    s.mailLog().milterDiscard(queueId, "END-OF-MESSAGE", null, env.mailFrom, rcpts.get(0));
                    s.reply(Replies.queued(queueId));
                    return s.done();
                }
                default -> {
                    List<String> finalRcpts = recipients(rcpts, verdict.edits());
                    if (finalRcpts.isEmpty()) {
                        // Every recipient was removed by a filter: nothing to deliver, like a discard.
                        s.mailLog().milterDiscard(queueId, "END-OF-MESSAGE", "milters removed every recipient", env.mailFrom, rcpts.get(0));
                        s.reply(Replies.queued(queueId));
                        return s.done();
                    }
                    return enqueue(s, env, queueId, finalRcpts, MessageEditor.apply(body, verdict.edits()), verdict);
                }
            }
        });
    }

    /** The envelope after the filters' SMFIR_DELRCPT and SMFIR_ADDRCPT (compared case-insensitively). */
    static List<String> recipients(List<String> rcpts, MessageEdits edits) {
        Set<String> deleted = new HashSet<>();
        edits.deleteRecipients().forEach(r -> deleted.add(r.toLowerCase(Locale.ROOT)));
        Map<String, String> out = new LinkedHashMap<>();
        for (String r : rcpts) {
            if (!deleted.contains(r.toLowerCase(Locale.ROOT))) {
                out.putIfAbsent(r.toLowerCase(Locale.ROOT), r);
            }
        }
        edits.addRecipients().forEach(r -> out.putIfAbsent(r.toLowerCase(Locale.ROOT), r));
        return List.copyOf(out.values());
    }

    private CompletionStage<Void> enqueue(SmtpSession s, Transaction env, String queueId, List<String> rcpts,
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
                env.ret, env.envid, dsn(env, rcpts), env.smtputf8, env.body, verdict.edits().quarantine(),
                verdict.edits().mailbox());
        return s.onContext(queue.enqueue(envelope, bytes)).handle((ok, err) -> {
            Throwable cause = err instanceof CompletionException c && c.getCause() != null ? c.getCause() : err;
            if (cause instanceof OutcomeUnknown unknown) {
                // Neither 250 nor 451 would be true: no reply, as if the connection broke (MessageQueue).
                s.abort(unknown.getMessage());
            } else if (err != null) {
                s.reply("451 4.3.0 Error: queue file write error");
            } else {
                s.mailLog().queued(queueId, env.mailFrom, bytes.length, rcpts.size(), bytes, verdict.edits().quarantine() != null);
                s.reply(Replies.queued(queueId));
            }
            return (Void) null;
        });
    }

    /** The DSN parameters of the recipients that are still there (a milter may have removed some). */
    private static List<InboundMail.RecipientDsn> dsn(Transaction env, List<String> rcpts) {
        List<InboundMail.RecipientDsn> kept = env.dsn.stream().filter(d -> rcpts.contains(d.recipient())).toList();
        return kept.isEmpty() ? null : kept;
    }
}
