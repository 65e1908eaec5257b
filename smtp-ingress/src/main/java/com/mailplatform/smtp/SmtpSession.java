package com.mailplatform.smtp;

import com.mailplatform.common.protocol.CommandPump;
import com.mailplatform.common.protocol.InputBuffer;
import com.mailplatform.common.protocol.OnContext;
import com.mailplatform.smtp.command.CommandHandler;
import com.mailplatform.smtp.command.Commands;
import com.mailplatform.smtp.filter.FilterChain;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.FilterSession;
import com.mailplatform.smtp.filter.MailFilter;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.smtp.log.SmtpSessionLog;
import com.mailplatform.smtp.metrics.SmtpMetrics;
import com.mailplatform.smtp.parse.BdatReader;
import com.mailplatform.smtp.parse.CommandParser;
import com.mailplatform.smtp.parse.DataReader;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.parse.SyntaxException;
import com.mailplatform.smtp.response.Replies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.net.ssl.SSLSession;
import org.jboss.logging.Logger;

/**
 * One SMTP connection: the RFC 5321 state (greeting, HELO/EHLO, STARTTLS, AUTH, transaction) and its socket.
 * Input is pulled from an {@link InputBuffer} only when the previous command is finished, so pipelined commands
 * (RFC 2920) get their replies in order even when a handler waits for mailbox-store or the broker, and bytes
 * behind BDAT or STARTTLS are never misread.
 */
public final class SmtpSession {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class);
    /** RFC 5321 section 4.5.3.1.6: a text line is at most 1000 octets including CRLF. */
    static final int MAX_TEXT_LINE = 1000;
    /** Unread bytes above which the socket is paused (back-pressure instead of memory). */
    static final int HIGH_WATER = 256 * 1024;
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Vertx vertx;
    private final NetSocket socket;
    private final Context context;
    private final SmtpConfig config;
    private final Commands commands;
    private final Listener listener;
    private final SmtpMetrics metrics;
    private final String clientAddress;
    private final InputBuffer input = new InputBuffer(MAX_TEXT_LINE);
    private final CommandPump pump;
    private final OnContext onContext;
    /** Postfix-format mail-log lines of this session (connect, rejects, command counts). */
    private final SmtpSessionLog mailLog;
    private long idleTimer = -1;
    private long sessionTimer = -1;
    private boolean closed;
    private int errors;
    private Runnable onClose = () -> { };
    private final FilterSession filterSession = new FilterSession();
    /** The connect stage of the filters; later stages run after it. */
    private CompletionStage<Verdict> connectFilters = CompletableFuture.completedFuture(Verdict.proceed());

    // RFC 5321 session state
    private String heloName;
    private boolean esmtp;
    private boolean tls;
    private String tlsDescription;
    private String authUser;
    /** A SASL exchange in progress (RFC 4954 section 4): the next line is its response, not a command. */
    private Function<String, CompletionStage<?>> continuation;

    // transaction state
    private Transaction transaction;
    private DataReader data;
    private BdatReader bdat;
    private long bdatRemaining;
    private boolean bdatLast;
    private int rejectedRecipients;

    public SmtpSession(Vertx vertx, NetSocket socket, SmtpConfig config, Commands commands, Listener listener,
                       SmtpMetrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.socket = socket;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.commands = commands;
        this.listener = listener;
        this.clientAddress = socket.remoteAddress().hostAddress();
        this.tls = listener.implicitTls();
        this.pump = new CommandPump(input, this::next, socket::pause, socket::resume, HIGH_WATER);
        this.onContext = new OnContext(context);
        this.mailLog = new SmtpSessionLog(listener.serviceName(), clientAddress);
    }

    /** Greets the client, or refuses it with {@code refusal} (421) when a per-client limit is reached. */
    public void start(String refusal, Runnable onClose) {
        this.onClose = onClose;
        mailLog.connect();
        socket.handler(buffer -> pump.received(buffer.getBytes()));
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> LOG.debugf("client %s: %s", clientAddress, e.toString()));
        if (refusal != null) {
            close(refusal);
            return;
        }
        if (tls) {
            tlsDescription = describeTls();
        }
        resetIdleTimer();
        sessionTimer = vertx.setTimer(config.sessionTimeLimit().toMillis(),
                id -> close(Replies.timeout(config.myhostname(), "session time limit exceeded")));
        if (filtering()) {
            // The greeting does not wait for the connect stage (a DNSBL look-up); its verdict is awaited by the
            // next stage and a refusal is given at MAIL (Postfix's smtpd_delay_reject).
            FilterContext ctx = filterContext(null);
            connectFilters = onContext(filters().run(f -> f.onConnect(ctx)));
        }
        long wait = listener == Listener.MTA ? config.pregreetWait().toMillis() : 0;
        if (wait <= 0) {
            reply("220 " + config.myhostname() + " ESMTP mail-platform");
            return;
        }
        pump.hold();
        vertx.setTimer(wait, id -> {
            if (input.available() > 0) {
                // RFC 5321 section 3.1: the client waits for the greeting; one that talks first is a spambot
                LOG.infof("client %s: PREGREET %d bytes before the greeting", clientAddress, input.available());
                close(Replies.EARLY_TALKER);
                return;
            }
            reply("220 " + config.myhostname() + " ESMTP mail-platform");
            pump.release();
        });
    }

    /** Frames and starts the next command (or BDAT chunk) from the input; null when more bytes are needed. */
    private CompletionStage<?> next(InputBuffer in) {
        CompletionStage<?> stage;
        if (bdat != null && bdatRemaining > 0) {
            if (in.available() == 0) {
                return null;
            }
            byte[] chunk = in.take(bdatRemaining);
            bdatRemaining -= chunk.length;
            bdat.feed(chunk);
            if (bdatRemaining > 0) {
                return DONE;
            }
            resetIdleTimer();
            stage = commands.bdat().chunkDone(this);
        } else {
            InputBuffer.Line line = in.nextLine();
            if (line == null) {
                return null;
            }
            resetIdleTimer();
            stage = handle(line);
        }
        stage = stage.exceptionally(e -> {
            LOG.warnf(e, "client %s: handler failed", clientAddress);
            reply(Replies.INTERNAL_ERROR);
            return null;
        });
        // Postfix's tarpit: judged once the reply is out, so the command after the one past the limit waits
        return stage.thenCompose(v -> tarpit() ? sleep(config.errorSleepTime().toMillis()) : DONE);
    }

    /** Postfix's tarpit: once past smtpd_soft_error_limit every further command waits smtpd_error_sleep_time. */
    private boolean tarpit() {
        return errors > config.softErrorLimit() && config.errorSleepTime().toMillis() > 0;
    }

    private CompletionStage<?> handle(InputBuffer.Line line) {
        if (data != null) {
            if (line.overflow()) {
                data.overflow(line.crlf());
                return DONE;
            }
            if (data.line(line.bytes(), line.crlf())) {
                DataReader finished = data;
                data = null;
                return finished.discarded() ? DONE : commands.cleanup().finish(this, finished);
            }
            return DONE;
        }
        if (line.overflow()) {
            reply(Replies.LINE_TOO_LONG);
            return DONE;
        }
        if (continuation != null) {
            Function<String, CompletionStage<?>> c = continuation;
            continuation = null;
            return c.apply(new String(line.bytes(), StandardCharsets.US_ASCII).strip());
        }
        SmtpCommand command;
        mailLog.command(line.bytes());
        try {
            command = CommandParser.parse(line.bytes());
        } catch (SyntaxException e) {
            if (e.then() == SyntaxException.Then.CLOSE) {
                close(e.reply());
                return DONE;
            }
            reply(e.reply());
            if (e.then() == SyntaxException.Then.DATA_REFUSED) {
                dataRefused();
            }
            return DONE;
        }
        CommandHandler<SmtpCommand> handler = commands.handlerFor(command);
        SmtpState state = state();
        if (!handler.validIn().contains(state)) {
            reply(handler.outOfState(state));
            if (command instanceof SmtpCommand.Data) {
                dataRefused();
            }
            return DONE;
        }
        return handler.handle(command, this);
    }

    /** What {@code validIn()} is judged on. */
    public SmtpState state() {
        return heloName == null ? SmtpState.CONNECTED : transaction == null ? SmtpState.GREETED : SmtpState.TRANSACTION;
    }

    /** Sends one reply (several lines joined by CRLF); counts errors like Postfix's smtpd_hard_error_limit. */
    public void reply(String text) {
        if (closed) {
            return;
        }
        socket.write(Buffer.buffer((text + "\r\n").getBytes(StandardCharsets.UTF_8)));
        mailLog.replied(text);
        metrics.reply(text);
        char c = text.isEmpty() ? '2' : text.charAt(0);
        if ((c == '4' || c == '5') && !text.startsWith("421") && ++errors >= config.hardErrorLimit()) {
            close(Replies.closing(config.myhostname(), "too many errors"));
        }
    }

    /**
     * True between transactions with no command in progress: closing now loses the client nothing (SessionDrain).
     * False from MAIL until the reply to the message's end (250 only once it is queued), during AUTH and BDAT.
     */
    public boolean idle() {
        return !pump.busy() && transaction == null && data == null && bdat == null && continuation == null;
    }

    /**
     * Closes the connection without a reply, for the one case where the server cannot tell whether it has the
     * message (OutcomeUnknown): 250 could lose it, 451 could duplicate it for sure. To the client this is a
     * connection lost after the final dot, which it retries (RFC 5321 section 6.1; RFC 1047).
     */
    public void abort(String why) {
        if (closed) {
            return;
        }
        LOG.warnf("client %s: closed without a reply: %s", clientAddress, why);
        closed = true;
        pump.close();
        socket.close();
    }

    /** Sends a last reply and closes the connection. */
    public void close(String lastReply) {
        if (closed) {
            return;
        }
        socket.write(Buffer.buffer((lastReply + "\r\n").getBytes(StandardCharsets.UTF_8)));
        mailLog.replied(lastReply);
        metrics.reply(lastReply);
        closed = true;
        pump.close();
        socket.close();
    }

    /**
     * RFC 3207 section 4.2: after 220 the TLS handshake starts; everything the client sent behind STARTTLS is
     * discarded (the command-injection defence) and the session forgets HELO, AUTH and the transaction.
     */
    public CompletionStage<?> startTls() {
        pump.clear();
        reply(Replies.START_TLS);
        CompletableFuture<Void> done = new CompletableFuture<>();
        socket.upgradeToSsl().onComplete(ar -> {
            if (ar.succeeded()) {
                tls = true;
                tlsDescription = describeTls();
                heloName = null;
                esmtp = false;
                authUser = null;
                mailLog.reset();
                resetTransaction();
                done.complete(null);
            } else {
                LOG.debugf("client %s: TLS handshake failed: %s", clientAddress, ar.cause().toString());
                closed = true;
                socket.close();
                done.complete(null);
            }
        });
        return done;
    }

    /** Postfix's Received-header wording: "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)". */
    private String describeTls() {
        try {
            SSLSession s = socket.sslSession();
            return s == null ? "TLS" : s.getProtocol() + " with cipher " + s.getCipherSuite();
        } catch (RuntimeException e) {
            return "TLS";
        }
    }

    /** Runs a Uni and continues on this connection's event loop, where all session state lives. */
    public <T> CompletionStage<T> onContext(Uni<T> uni) {
        return onContext.call(uni);
    }

    /** Waits on the event loop without blocking it (AUTH failure delay). */
    public CompletionStage<Void> sleep(long millis) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        vertx.setTimer(Math.max(1, millis), id -> f.complete(null));
        return f;
    }

    public CompletionStage<Void> done() {
        return DONE;
    }

    /** Resets the line timer; it runs from one complete line to the next, so trickling bytes does not help. */
    private void resetIdleTimer() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        idleTimer = vertx.setTimer(config.timeout().toMillis(),
                id -> close(Replies.timeout(config.myhostname(), "timeout exceeded")));
    }

    private void closed() {
        boolean byServer = closed;
        closed = true;
        mailLog.disconnect(byServer);
        pump.close();
        if (filtering()) {
            FilterContext ctx = filterContext(transaction);
            connectFilters.whenComplete((v, e) -> filters().notify(f -> f.onClose(ctx)));
        }
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        if (sessionTimer >= 0) {
            vertx.cancelTimer(sessionTimer);
        }
        onClose.run();
    }

    /**
     * RSET, EHLO, STARTTLS and a refused message clear the transaction (RFC 5321 section 4.1.1.5); the filters
     * hear that it was aborted.
     */
    public void resetTransaction() {
        if (transaction != null && filtering()) {
            filters().notify(f -> f.onAbort(filterContext(transaction)));
        }
        completeTransaction();
    }

    /** The end of DATA/BDAT: the transaction is over and its message goes to the filters' message stage. */
    public void completeTransaction() {
        transaction = null;
        data = null;
        bdat = null;
        bdatRemaining = 0;
        bdatLast = false;
    }

    // ---- the content filters' stages ----

    public FilterChain filters() {
        return commands.filters();
    }

    /** True when there is any filter to ask; otherwise the handlers answer without going asynchronous. */
    public boolean filtering() {
        return !commands.filters().isEmpty();
    }

    /** The filters' view of this session and of {@code env} (null outside a transaction). */
    public FilterContext filterContext(Transaction env) {
        return new FilterContext(env == null ? null : env.queueId, listener.serviceName(), clientAddress, heloName,
                tls, authUser, env == null ? null : env.mailFrom, env == null ? List.of() : List.copyOf(env.recipients),
                tls ? tlsVersion() : null, filterSession);
    }

    /** Runs one stage after the connect stage, continuing on the event loop. */
    public CompletionStage<Verdict> runFilters(java.util.function.Function<MailFilter, Uni<Verdict>> stage) {
        return connectFilters.thenCompose(v -> onContext(filters().run(stage)));
    }

    /** The connect stage's refusal (a reply for every MAIL), or null. */
    public CompletionStage<String> connectRefusal() {
        return connectFilters.thenApply(v -> v.action() == Verdict.Action.REJECT || v.action() == Verdict.Action.TEMPFAIL
                ? v.reply() : null);
    }

    private String tlsVersion() {
        try {
            SSLSession s = socket.sslSession();
            return s == null ? null : s.getProtocol();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- state accessors used by the command handlers ----

    public SmtpSessionLog mailLog() {
        return mailLog;
    }

    public SmtpMetrics metrics() {
        return metrics;
    }

    public SmtpConfig config() {
        return config;
    }

    public Listener listener() {
        return listener;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String heloName() {
        return heloName;
    }

    public boolean esmtp() {
        return esmtp;
    }

    public void greeted(String name, boolean extended) {
        this.heloName = name;
        this.esmtp = extended;
        mailLog.greeted(name, extended);
        resetTransaction();
    }

    public boolean tls() {
        return tls;
    }

    public String tlsDescription() {
        return tlsDescription;
    }

    public boolean tlsAvailable() {
        return commands.tlsAvailable();
    }

    public String authUser() {
        return authUser;
    }

    public void authenticated(String account) {
        this.authUser = account;
    }

    public void expectContinuation(Function<String, CompletionStage<?>> next) {
        this.continuation = next;
    }

    public Transaction transaction() {
        return transaction;
    }

    public void startTransaction(Transaction e) {
        this.transaction = e;
    }

    public int rejectedRecipients() {
        return rejectedRecipients;
    }

    public void recipientRejected() {
        rejectedRecipients++;
    }

    public void startData(DataReader reader) {
        this.data = reader;
    }

    /**
     * DATA was refused: if the client already sent more behind it (a body it pipelined without waiting for 354,
     * against RFC 2920 section 3.1), that is read to the end marker and dropped, never run as commands.
     */
    public void dataRefused() {
        if (input.available() > 0) {
            this.data = DataReader.discarding();
        }
    }

    public BdatReader bdat() {
        return bdat;
    }

    /** Starts (or continues) a BDAT message; the next {@code size} bytes are chunk data. */
    public void expectChunk(BdatReader reader, long size, boolean last) {
        this.bdat = reader;
        this.bdatRemaining = size;
        this.bdatLast = last;
    }

    public boolean bdatLast() {
        return bdatLast;
    }
}
