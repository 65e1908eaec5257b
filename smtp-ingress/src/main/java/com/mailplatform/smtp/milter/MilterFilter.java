package com.mailplatform.smtp.milter;

import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MailFilter;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.smtp.metrics.SmtpMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The milters of smtpd.milters, asked in order at every SMTP stage, each over one connection per SMTP session
 * (as Postfix does). A milter that cannot be reached, times out or breaks the protocol gets
 * smtpd.milter-default-action for that stage, so a dead filter never loses a message; its conversation is
 * opened again at the next MAIL.
 */
@ApplicationScoped
public class MilterFilter implements MailFilter {

    private static final Logger LOG = Logger.getLogger(MilterFilter.class);

    /** The command timeout bounds each stage's reply; the content timeout the headers, body and end of message. */
    record Timeouts(Duration command, Duration content) {
    }

    private final Vertx vertx;
    private final MilterSettings config;
    private final Timeouts timeouts;
    /** Set by CDI; null in unit tests that build the filter by hand. */
    @Inject
    SmtpMetrics metrics;
    private volatile NetClient client;

    @Inject
    public MilterFilter(Vertx vertx, SmtpConfig config) {
        this(vertx, MilterSettings.of(config));
    }

    public MilterFilter(Vertx vertx, MilterSettings settings) {
        this.vertx = vertx;
        this.config = settings;
        this.timeouts = new Timeouts(settings.commandTimeout(), settings.contentTimeout());
    }

    /** After the header checks, like Postfix's cleanup that runs header_checks before the milters see the mail. */
    @Override
    public int order() {
        return 200;
    }

    @Override
    public Uni<Verdict> onConnect(FilterContext ctx) {
        return stage(ctx, "connect", c -> c.connect(ctx));
    }

    @Override
    public Uni<Verdict> onHelo(FilterContext ctx) {
        return stage(ctx, "helo", c -> c.helo(ctx));
    }

    @Override
    public Uni<Verdict> onMail(FilterContext ctx) {
        return stage(ctx, "mail", c -> c.mail(ctx));
    }

    @Override
    public Uni<Verdict> onRcpt(FilterContext ctx, String recipient) {
        return stage(ctx, "rcpt", c -> c.rcpt(ctx, recipient));
    }

    @Override
    public Uni<Verdict> onMessage(FilterContext ctx, byte[] message) {
        return stage(ctx, "message", c -> c.message(ctx, message));
    }

    @Override
    public void onAbort(FilterContext ctx) {
        List<MilterConversation> open = ctx.session().get(this);
        if (open != null) {
            open.forEach(MilterConversation::abort);
        }
    }

    @Override
    public void onClose(FilterContext ctx) {
        List<MilterConversation> open = ctx.session().remove(this);
        if (open != null) {
            open.forEach(MilterConversation::quit);
        }
    }

    /** One stage through every milter in order; the first that decides ends it, edits add up. */
    private Uni<Verdict> stage(FilterContext ctx, String name, Function<MilterConversation, CompletionStage<Verdict>> step) {
        List<MilterAddress> milters = config.of(ctx.listener());
        if (milters.isEmpty()) {
            return Verdict.continueUni();
        }
        List<MilterConversation> conversations = conversations(ctx, milters);
        return Uni.createFrom().completionStage(() -> next(0, milters, conversations, ctx, name, step, MessageEdits.NONE));
    }

    private CompletionStage<Verdict> next(int i, List<MilterAddress> milters, List<MilterConversation> conversations,
                                          FilterContext ctx, String name,
                                          Function<MilterConversation, CompletionStage<Verdict>> step, MessageEdits edits) {
        if (i >= conversations.size()) {
            return CompletableFuture.completedFuture(edits.isEmpty() ? Verdict.proceed() : Verdict.edit(edits));
        }
        MilterAddress m = milters.get(i);
        return step.apply(conversations.get(i)).handle((v, e) -> {
            if (metrics != null) {
                metrics.milter(name, v, e);
            }
            if (e != null) {
                LOG.warnf("%s: milter %s at %s: %s; default action %s", ctx.queueId() == null ? "NOQUEUE" : ctx.queueId(),
                        m, name, rootMessage(e), config.defaultAction());
                return defaultVerdict(config.defaultAction());
            }
            return v == null ? Verdict.proceed() : v;
        }).thenCompose(v -> {
            MessageEdits all = edits.then(v.edits());
            if (v.action() != Verdict.Action.CONTINUE) {
                return CompletableFuture.completedFuture(new Verdict(v.action(), v.reply(), v.headers(), all));
            }
            return next(i + 1, milters, conversations, ctx, name, step, all);
        });
    }

    /** This session's conversations, made at its first stage (connect, or a later one for a session without it). */
    private List<MilterConversation> conversations(FilterContext ctx, List<MilterAddress> milters) {
        List<MilterConversation> open = ctx.session().get(this);
        if (open == null) {
            List<MilterConversation> list = new ArrayList<>();
            for (MilterAddress m : milters) {
                list.add(new MilterConversation(() -> dial(m), timeouts, config.myhostname()));
            }
            open = List.copyOf(list);
            ctx.session().put(this, open);
        }
        return open;
    }

    private CompletionStage<MilterConnection> dial(MilterAddress m) {
        return client().connect(m.port(), m.host()).toCompletionStage()
                .thenApply(socket -> new MilterConnection(vertx, socket));
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
