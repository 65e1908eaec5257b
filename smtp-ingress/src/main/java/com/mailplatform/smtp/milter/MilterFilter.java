package com.mailplatform.smtp.milter;

import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MailFilter;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.Verdict;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The milters of smtpd.milters, asked in order with one connection per message (Postfix keeps one per session;
 * per message keeps a stalled milter from poisoning later transactions). A milter that cannot be reached,
 * times out or breaks the protocol gets smtpd.milter-default-action, so a dead filter never loses a message.
 */
@ApplicationScoped
public class MilterFilter implements MailFilter {

    private static final Logger LOG = Logger.getLogger(MilterFilter.class);

    private final Vertx vertx;
    private final MilterSettings config;
    private final List<MilterAddress> milters;
    private volatile NetClient client;

    @Inject
    public MilterFilter(Vertx vertx, SmtpConfig config) {
        this(vertx, MilterSettings.of(config));
    }

    public MilterFilter(Vertx vertx, MilterSettings settings) {
        this.vertx = vertx;
        this.config = settings;
        this.milters = settings.milters();
    }

    /** After the header checks, like Postfix's cleanup that runs header_checks before the milters see the mail. */
    @Override
    public int order() {
        return 200;
    }

    @Override
    public Uni<Verdict> onMessage(FilterContext ctx, byte[] message) {
        if (milters.isEmpty()) {
            return Verdict.continueUni();
        }
        return Uni.createFrom().completionStage(() -> next(0, ctx, message, MessageEdits.NONE));
    }

    private CompletionStage<Verdict> next(int i, FilterContext ctx, byte[] message, MessageEdits edits) {
        if (i >= milters.size()) {
            return CompletableFuture.completedFuture(Verdict.edit(edits));
        }
        MilterAddress m = milters.get(i);
        return one(m, ctx, message).handle((v, e) -> {
            if (e != null) {
                LOG.warnf("%s: milter %s: %s; default action %s", ctx.queueId(), m, rootMessage(e),
                        config.defaultAction());
                return defaultVerdict(config.defaultAction());
            }
            return v;
        }).thenCompose(v -> {
            MessageEdits all = edits.then(v.edits());
            if (v.action() != Verdict.Action.CONTINUE) {
                return CompletableFuture.completedFuture(new Verdict(v.action(), v.reply(), v.headers(), all));
            }
            return next(i + 1, ctx, message, all);
        });
    }

    private CompletionStage<Verdict> one(MilterAddress m, FilterContext ctx, byte[] message) {
        return client().connect(m.port(), m.host()).toCompletionStage().thenCompose(socket ->
                new MilterConversation(new MilterConnection(vertx, socket), ctx, message, config.myhostname(),
                        config.commandTimeout(), config.contentTimeout()).run());
    }

    private NetClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createNetClient(new NetClientOptions()
                            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis())));
                }
            }
        }
        return client;
    }

    /** Postfix milter_default_action: accept, reject or tempfail (the default). */
    static Verdict defaultVerdict(String action) {
        return switch (action.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "accept" -> Verdict.proceed();
            case "reject" -> Verdict.reject("550 5.7.1 Command rejected");
            case "tempfail" -> Verdict.tempfail("451 4.7.1 Service unavailable - try again later");
            default -> throw new IllegalArgumentException("smtpd.milter-default-action must be accept, reject or tempfail");
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        return t.toString();
    }
}
