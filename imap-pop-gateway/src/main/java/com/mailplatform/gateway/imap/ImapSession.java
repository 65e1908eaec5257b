package com.mailplatform.gateway.imap;

import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.FolderChangesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.CommandPump;
import com.mailplatform.common.protocol.ConnectionGate;
import com.mailplatform.common.protocol.InputBuffer;
import com.mailplatform.common.protocol.OnContext;
import com.mailplatform.common.protocol.WriteQueue;
import com.mailplatform.gateway.log.DovecotSessionLog;
import com.mailplatform.gateway.imap.command.CommandHandler;
import com.mailplatform.gateway.imap.command.Commands;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.parse.ImapFramer;
import com.mailplatform.gateway.imap.parse.ImapParseException;
import com.mailplatform.gateway.imap.parse.ImapParser;
import com.mailplatform.gateway.read.MessageCache;
import com.mailplatform.gateway.read.MessageReader;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One IMAP connection (RFC 9051 section 3): not authenticated, authenticated, selected, logout. Everything runs on
 * the connection's event loop; store replies are moved back onto it before they touch state, so no field needs a
 * lock. Commands run one at a time in arrival order (pipelined commands wait their turn).
 */
public final class ImapSession {

    public enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    private static final Logger LOG = Logger.getLogger(ImapSession.class);
    /** Unread bytes above which the socket is paused (back-pressure instead of memory). */
    private static final int HIGH_WATER = 256 * 1024;

    private final String id;
    private final NetSocket socket;
    private final Context context;
    private final Vertx vertx;
    private final MailboxImap store;
    private final MailboxStore accounts;
    private final ImapConfig config;
    private final ChangeListener changes;
    private final OnContext onContext;
    private final MessageReader reader;
    private final ImapFramer framer;
    private final CommandPump pump;
    private final AuthPenalty penalty;
    private final ConnectionGate.Ticket ticket;
    private final String clientAddress;
    /** Dovecot-format login and logout lines (fail2ban's dovecot filter). */
    private final DovecotSessionLog mailLog;
    /** Start of the login timer: the connection, or the last UNAUTHENTICATE. */
    private long connectedAt = System.nanoTime();
    /** What the framer's last event started; the pump waits for it before framing the next command. */
    private CompletionStage<?> started;
    private final Runnable wake = this::wakeFromAnyThread;

    private State state = State.NOT_AUTHENTICATED;
    private boolean tls;
    private boolean rev2;
    /** RFC 7162 section 3.1 / 3.2.3: enabled by ENABLE or by the first CONDSTORE-enabling command; never disabled. */
    private boolean condstore;
    private boolean qresync;
    private String account;
    private SelectedMailbox selected;
    private ImapCommand current;
    /** While set, the next line is the client's answer to a continuation (AUTHENTICATE) or IDLE's DONE. */
    private Function<byte[], CompletionStage<?>> interceptor;
    private Runnable onIdleWake;
    private boolean dirty;
    private boolean syncing;
    private long lastSync;
    private int badCommands;
    private int authFailures;
    private boolean closed;
    private long lastActivity = System.nanoTime();
    private long timer = -1;
    private java.time.Clock clock = java.time.Clock.systemUTC();
    /** RFC 7888 section 4: the LITERAL- bound on non-synchronizing literals, advertised before authentication. */
    static final long LITERAL_MINUS_MAX = 4096;
    /** COMPRESS=DEFLATE (RFC 4978) once active; input is inflated before framing, output deflated. */
    private Compression compression;
    private boolean flushScheduled;
    /** The pump asked for a pause (too much unframed input); see {@link #flow()}. */
    private boolean inputPaused;
    private boolean socketPaused;
    private ImapMetrics metrics = ImapMetrics.DISCARD;

    ImapSession(String id, NetSocket socket, boolean tls, Context context, Vertx vertx, MailboxImap store, MailboxStore accounts,
                MessageReader reader, ImapConfig config, ChangeListener changes, AuthPenalty penalty, ConnectionGate.Ticket ticket) {
        this.id = id;
        this.socket = socket;
        this.tls = tls;
        this.context = context;
        this.vertx = vertx;
        this.store = store;
        this.accounts = accounts;
        this.reader = reader;
        this.config = config;
        this.changes = changes;
        this.onContext = new OnContext(context);
        this.penalty = penalty;
        this.ticket = ticket;
        this.clientAddress = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        this.mailLog = new DovecotSessionLog("imap", id, clientAddress,
                socket.localAddress() == null ? "unknown" : socket.localAddress().hostAddress());
        // before authentication only a few KB per line and literal (Dovecot allows about as much)
        this.framer = new ImapFramer(config.maxLineBytesBeforeAuth(), config.maxLiteralBytesBeforeAuth(),
                config.maxLineBytesBeforeAuth() * 4L);
        this.framer.nonSyncLimit(LITERAL_MINUS_MAX);
        this.pump = new CommandPump(new InputBuffer(config.maxLineBytes()), this::next, () -> pauseInput(true), () -> pauseInput(false), HIGH_WATER);
    }

    private final ImapFramer.Sink sink = new ImapFramer.Sink() {
        @Override
        public void command(byte[] bytes) {
            lastActivity = System.nanoTime();
            started = process(bytes);
        }

        @Override
        public void continuation() {
            write("+ Ready for literal data\r\n");
        }

        @Override
        public void lineTooLong(String tag) {
            started = bad(tag == null ? "*" : tag, "line too long");
        }

        @Override
        public void lineTooLong(String tag, String command) {
            if (tag != null && "ID".equals(command)) {
                // RFC 2971: the client's ID is only information; one too long for this state's line limit is answered
                // as "ID NIL" rather than refused (its bytes were discarded, never buffered; Dovecot's login streams
                // ID for the same reason)
                started = process((tag + " ID NIL\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return;
            }
            lineTooLong(tag);
        }

        @Override
        public void literalTooBig(String tag, boolean fatal) {
            if (fatal) {
                // RFC 7888 section 4: the octets of a non-synchronizing literal are already coming
                write((tag == null ? "*" : tag) + " BAD [TOOBIG] literal too big\r\n");
                bye("literal too big");
                started = CommandHandler.done();
            } else {
                started = bad(tag == null ? "*" : tag, "[TOOBIG] literal too big");
            }
        }
    };

    void metrics(ImapMetrics metrics) {
        this.metrics = metrics;
    }

    /** Frames the next command from the input and starts it; null when more bytes are needed. */
    private CompletionStage<?> next(InputBuffer input) {
        started = null;
        input.feed((data, off, len) -> framer.feed(data, off, len, sink));
        return started;
    }

    void start() {
        socket.handler(buffer -> {
            mailLog.received(buffer.length());
            received(buffer.getBytes());
        });
        socket.closeHandler(v -> onSocketClosed());
        socket.exceptionHandler(e -> {
            LOG.debugf("imap session=%s socket error: %s", id, e.toString());
            socket.close();
        });
        metrics.connected(tls);
        armTimer();
        write("* OK [CAPABILITY " + capabilities() + "] " + config.greeting() + "\r\n");
    }

    // ---- command processing ----

    private CompletionStage<?> process(byte[] bytes) {
        if (closed || state == State.LOGOUT) {
            return CommandHandler.done();
        }
        if (interceptor != null) {
            Function<byte[], CompletionStage<?>> i = interceptor;
            interceptor = null;
            return i.apply(bytes);
        }
        ImapCommand command;
        try {
            command = ImapParser.parse(bytes);
        } catch (ImapParseException e) {
            if (e.tag() != null && e.getMessage().startsWith("[BADCHARSET")) {
                // RFC 9051 section 6.4.4: an unsupported charset is NO, not BAD
                write(e.tag() + " NO " + e.getMessage() + "\r\n");
                return CommandHandler.done();
            }
            return bad(e.tag() == null ? "*" : e.tag(), e.getMessage());
        }
        CommandHandler<ImapCommand> handler = Commands.handlerFor(command);
        if (!handler.validIn().contains(state)) {
            return bad(command.tag(), "command not valid in this state");
        }
        badCommands = 0;
        current = command;
        try {
            return metrics.command(command, handler.handle(command, this)).exceptionally(e -> {
                failed(command, e);
                return null;
            });
        } catch (RuntimeException e) {
            failed(command, e);
            return CommandHandler.done();
        }
    }

    private void failed(ImapCommand command, Throwable e) {
        LOG.warnf("imap session=%s %s failed: %s", id, command.name(), e.toString());
        write(command.tag() + " NO [UNAVAILABLE] internal error, try again\r\n");
    }

    private CompletionStage<?> bad(String tag, String text) {
        write(tag + " BAD " + text + "\r\n");
        if (++badCommands >= config.maxBadCommands()) {
            bye("too many invalid commands");
        }
        return CommandHandler.done();
    }

    // ---- what handlers use ----

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public ImapConfig config() {
        return config;
    }

    public MailboxImap store() {
        return store;
    }

    public String account() {
        return account;
    }

    public boolean tls() {
        return tls;
    }

    public boolean rev2() {
        return rev2;
    }

    public void enableRev2() {
        rev2 = true;
    }

    /** ENABLE UTF8=ACCEPT (RFC 6855 section 3) was sent. */
    private boolean utf8Accept;

    public void enableUtf8Accept() {
        utf8Accept = true;
    }

    public boolean utf8Accept() {
        return utf8Accept;
    }

    /** Mailbox names in UTF-8 rather than modified UTF-7 (RFC 9051 section 5.1, RFC 6855 section 3). */
    public boolean utf8Names() {
        return rev2 || utf8Accept;
    }

    public SelectedMailbox selected() {
        return selected;
    }

    public boolean condstore() {
        return condstore;
    }

    public boolean qresync() {
        return qresync;
    }

    /**
     * CONDSTORE is on from now (RFC 7162 section 3.1). When a command in the selected state turns it on, the client
     * learns the mailbox's HIGHESTMODSEQ at once (section 3.1.2.1; imaptest esearch-condstore expects it).
     */
    public void enableCondstore() {
        if (condstore) {
            return;
        }
        condstore = true;
        if (selected != null) {
            selected.condstore(true);
            untagged("OK [HIGHESTMODSEQ " + selected.modseq() + "] CONDSTORE enabled");
        }
    }

    /** ENABLE QRESYNC (RFC 7162 section 3.2.3), which implies CONDSTORE. */
    public void enableQresync() {
        enableCondstore();
        qresync = true;
        if (selected != null) {
            selected.qresync(true);
        }
    }

    /** Whether LOGIN / AUTHENTICATE may run now (RFC 9051 section 6.2.3 LOGINDISABLED). */
    public boolean loginAllowed() {
        return tls || config.allowPlaintextAuth();
    }

    public String capabilities() {
        StringBuilder sb = new StringBuilder("IMAP4rev1 IMAP4rev2");
        if (state == State.NOT_AUTHENTICATED) {
            if (!tls && tlsAvailable()) {
                sb.append(" STARTTLS");
            }
            sb.append(loginAllowed() ? " AUTH=PLAIN SASL-IR" : " LOGINDISABLED");
        }
        // RFC 7888: LITERAL- (non-synchronizing literals up to 4096 octets) before authentication, LITERAL+ after
        sb.append(state == State.NOT_AUTHENTICATED ? " LITERAL-" : " LITERAL+");
        sb.append(" ENABLE IDLE UIDPLUS MOVE ID UNSELECT NAMESPACE SPECIAL-USE LIST-EXTENDED LIST-STATUS CHILDREN ESEARCH")
                .append(" APPENDLIMIT=").append(config.maxLiteralBytes());
        sb.append(" MULTIAPPEND WITHIN SEARCHRES STATUS=SIZE SAVEDATE OBJECTID");
        if (state != State.NOT_AUTHENTICATED) {
            sb.append(" UNAUTHENTICATE");
        }
        sb.append(" UTF8=ACCEPT CREATE-SPECIAL-USE");
        sb.append(" CONDSTORE QRESYNC");
        sb.append(" QUOTA QUOTA=RES-STORAGE COMPRESS=DEFLATE");
        sb.append(" BINARY");
        sb.append(" SORT SORT=DISPLAY ESORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES");
        return sb.toString();
    }

    private boolean tlsAvailable;

    void tlsAvailable(boolean available) {
        this.tlsAvailable = available;
    }

    public boolean tlsAvailable() {
        return tlsAvailable;
    }

    public void untagged(String line) {
        write("* " + line + "\r\n");
    }

    public void write(byte[] bytes) {
        if (closed) {
            return;
        }
        mailLog.sent(bytes.length);
        if (compression == null) {
            socket.write(Buffer.buffer(bytes));
            return;
        }
        byte[] z = compression.deflate(bytes);
        if (z.length > 0) {
            socket.write(Buffer.buffer(z));
        }
        if (!flushScheduled) {
            // RFC 4978 section 4: one SYNC_FLUSH per batch of responses (all written in this event-loop turn)
            flushScheduled = true;
            context.runOnContext(v -> {
                flushScheduled = false;
                if (!closed && compression != null) {
                    socket.write(Buffer.buffer(compression.flush()));
                }
            });
        }
    }

    /** A last reply before closing: deflated and flushed at once when COMPRESS is active. */
    private io.vertx.core.Future<Void> writeLast(String text) {
        mailLog.sent(text.length());
        if (compression == null) {
            return socket.write(Buffer.buffer(text));
        }
        byte[] z = compression.deflate(text.getBytes(StandardCharsets.UTF_8));
        byte[] f = compression.flush();
        return socket.write(Buffer.buffer(z).appendBytes(f));
    }

    public boolean compressing() {
        return compression != null;
    }

    /**
     * COMPRESS DEFLATE (RFC 4978 section 3): the tagged OK goes out uncompressed, everything after it is deflated
     * both ways. The client may not send anything before it sees the OK, so unframed input is dropped (as at
     * STARTTLS). Composes with TLS: compression happens above the TLS layer.
     */
    public void startCompression(String tag) {
        write(tag + " OK DEFLATE active\r\n");
        pump.clear();
        framer.reset();
        compression = new Compression();
    }

    private void received(byte[] data) {
        if (closed) {
            return;
        }
        if (compression == null) {
            pump.received(data);
            return;
        }
        compression.received(data);
        inflateInput();
    }

    /**
     * Inflates chunk by chunk into the pump until the input is used up or the pump has enough unframed input (it
     * then pauses us and resumes when commands have consumed it): decompressed data never piles up beyond the
     * pump's high-water mark, whatever the compression ratio. While compressed input waits, the socket is paused.
     */
    private void inflateInput() {
        try {
            while (!inputPaused && !closed && compression != null) {
                byte[] plain = compression.inflate();
                if (plain == null) {
                    break;
                }
                pump.received(plain);
            }
        } catch (java.util.zip.DataFormatException e) {
            LOG.debugf("imap session=%s bad compressed input: %s", id, e.getMessage());
            bye("invalid compressed data");
            return;
        }
        flow();
    }

    private void pauseInput(boolean pause) {
        inputPaused = pause;
        flow();
        if (!pause && compression != null && compression.hasInput()) {
            // not from inside the pump's drain (which called us): on the next turn
            context.runOnContext(v -> inflateInput());
        }
    }

    /** The socket reads only when the pump wants input and no compressed input is waiting to be inflated. */
    private void flow() {
        boolean pause = inputPaused || (compression != null && !closed && compression.hasInput());
        if (pause != socketPaused) {
            socketPaused = pause;
            if (pause) {
                socket.pause();
            } else {
                socket.resume();
            }
        }
    }

    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The tagged end of a command. Before it, pending mailbox changes are told, except during FETCH, STORE, SEARCH
     * and COPY by sequence number, where an EXPUNGE would shift the numbers the client is using (RFC 9051 section
     * 7.5.1 and 7.4.1).
     */
    public CompletionStage<Void> finish(String tag, String status, String text) {
        ImapCommand c = current;
        boolean byNumber = (c instanceof ImapCommand.Fetch f && !f.uid()) || (c instanceof ImapCommand.Store s && !s.uid())
                || (c instanceof ImapCommand.Search se && !se.uid()) || (c instanceof ImapCommand.Copy cp && !cp.uid())
                || (c instanceof ImapCommand.Sort so && !so.uid()) || (c instanceof ImapCommand.Thread th && !th.uid());
        boolean force = c instanceof ImapCommand.Noop || c instanceof ImapCommand.Check;
        CompletionStage<Void> sync = byNumber || status.equals("BAD") ? CommandHandler.done() : sync(force);
        return sync.thenRun(() -> write(tag + " " + status + " " + text + "\r\n"));
    }

    /** A store call whose result comes back on this connection's event loop, with the configured time limit. */
    public <T> CompletionStage<T> call(Uni<T> uni) {
        return onContext.call(uni, config.storeTimeout());
    }

    /** Reads messages through FetchMessages (and the cache), the parts handled on this event loop. */
    public CompletionStage<Void> fetchMessages(FetchMessagesRequest request, Function<FetchedPart, CompletionStage<Void>> handler) {
        return reader.fetch(request, onContext.executor(), config.storeTimeout(), handler);
    }

    public MessageCache cache() {
        return reader.cache();
    }

    /** Completes when the client has read enough of what was written (at once unless the write queue is full). */
    public CompletionStage<Void> drained() {
        return closed ? CompletableFuture.failedFuture(new IllegalStateException("connection closed")) : WriteQueue.drained(socket);
    }

    public CompletionStage<Void> delay(Duration d) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.setTimer(Math.max(1, d.toMillis()), t -> done.complete(null));
        return done;
    }

    /**
     * Checks a password with the store after the service's authentication penalty (anvil: per client address and
     * per address and user, so reconnecting does not reset it); true when the session is now authenticated.
     */
    public CompletionStage<Boolean> login(String user, String password) {
        AuthPenalty.Verdict verdict = penalty.attempt(clientAddress, user);
        if (verdict.refused()) {
            LOG.infof("imap session=%s client=%s user=%s authentication refused: too many failures from this address", id, clientAddress, user);
            return delay(verdict.delay()).thenApply(v -> loginFailed(user, false));
        }
        AuthenticateRequest request = AuthenticateRequest.newBuilder().setUsername(user).setPassword(password).build();
        return delay(verdict.delay()).thenCompose(v -> call(accounts.authenticate(request))).thenApply(reply -> {
            if (reply.getOk()) {
                penalty.succeeded(clientAddress, user);
                account = reply.getAccount();
                state = State.AUTHENTICATED;
                ticket.authenticated();
                framer.limits(config.maxLineBytes(), config.maxLiteralBytes(), config.maxLiteralBytes() + config.maxLineBytes() * 4L);
                framer.nonSyncLimit(Long.MAX_VALUE);
                LOG.debugf("imap session=%s client=%s login account=%s", id, clientAddress, account);
                mailLog.loggedIn(account, tls);
                return true;
            }
            return loginFailed(user, true);
        });
    }

    private boolean loginFailed(String user, boolean count) {
        if (count) {
            penalty.failed(clientAddress, user);
        }
        authFailures++;
        mailLog.authFailed(user);
        metrics.authFailure();
        LOG.debugf("imap session=%s client=%s user=%s authentication failed (%d)", id, clientAddress, user, authFailures);
        if (authFailures >= config.maxAuthFailures()) {
            bye("too many authentication failures");
        }
        return false;
    }

    /**
     * RFC 8437 UNAUTHENTICATE: back to the state of a new connection (TLS stays), with the pre-login limits; the
     * connection's authentication failures and penalty still count.
     */
    public void unauthenticate() {
        unselect();
        state = State.NOT_AUTHENTICATED;
        account = null;
        rev2 = false;
        connectedAt = System.nanoTime();
        framer.limits(config.maxLineBytesBeforeAuth(), config.maxLiteralBytesBeforeAuth(), config.maxLineBytesBeforeAuth() * 4L);
        framer.nonSyncLimit(LITERAL_MINUS_MAX);
    }

    void clock(java.time.Clock clock) {
        this.clock = clock;
    }

    /** "Now" for RFC 5032 WITHIN. */
    public java.time.Clock clock() {
        return clock;
    }

    public void intercept(Function<byte[], CompletionStage<?>> next) {
        this.interceptor = next;
    }

    /** STARTTLS: the reply goes out in the clear, then the socket is upgraded; pending input is discarded. */
    public CompletionStage<Void> startTls(String tag) {
        pump.clear();
        framer.reset();
        CompletableFuture<Void> done = new CompletableFuture<>();
        socket.write(Buffer.buffer(tag + " OK Begin TLS negotiation now\r\n")).onComplete(w -> socket.upgradeToSsl().onComplete(ar -> {
            if (ar.succeeded()) {
                tls = true;
            } else {
                LOG.debugf("imap session=%s TLS handshake failed: %s", id, ar.cause());
                socket.close();
            }
            done.complete(null);
        }));
        return done;
    }

    public void select(SelectedMailbox mailbox) {
        unselect();
        mailbox.condstore(condstore);
        mailbox.qresync(qresync);
        selected = mailbox;
        state = State.SELECTED;
        dirty = false;
        lastSync = System.nanoTime();
        changes.watch(mailbox.mailboxId(), wake);
    }

    public void unselect() {
        if (selected != null) {
            changes.unwatch(selected.mailboxId(), wake);
            selected = null;
        }
        if (state == State.SELECTED) {
            state = State.AUTHENTICATED;
        }
    }

    /**
     * Asks the store what changed since the selected mailbox's MODSEQ and tells the client. Without a
     * notification the store is asked only every {@code imap.resync-interval} (or when forced, by NOOP).
     */
    public CompletionStage<Void> sync(boolean force) {
        return sync(force, true);
    }

    /**
     * As {@link #sync(boolean)}; without {@code expunges} (COPY by sequence number into the selected mailbox) new
     * messages and flags are told but EXPUNGEs wait for a later command's end, so the numbers of commands the client
     * has pipelined behind it keep their meaning (RFC 9051 section 7.5.1).
     */
    public CompletionStage<Void> sync(boolean force, boolean expunges) {
        SelectedMailbox sel = selected;
        if (sel == null || syncing) {
            return CommandHandler.done();
        }
        long now = System.nanoTime();
        if (!force && !dirty && now - lastSync < config.resyncInterval().toNanos()) {
            return CommandHandler.done();
        }
        dirty = false;
        syncing = true;
        lastSync = now;
        FolderChangesRequest request = FolderChangesRequest.newBuilder().setAccount(account).setMailboxId(sel.mailboxId())
                .setSinceModseq(sel.modseq()).setClaimRecent(!rev2 && !sel.readOnly()).build();
        return call(store.folderChanges(request)).handle((reply, error) -> {
            syncing = false;
            if (error != null) {
                LOG.debugf("imap session=%s resync failed: %s", id, error.toString());
                dirty = true;
                return null;
            }
            if (selected != sel) {
                return null;
            }
            if (!reply.getFound()) {
                bye("selected mailbox was deleted");
                return null;
            }
            var changes = reply;
            if (!expunges && reply.getExpungedUidsCount() > 0) {
                // asked again from the same MODSEQ at the next look, which this makes sure happens
                changes = reply.toBuilder().clearExpungedUids().setHighestmodseq(sel.modseq()).build();
                dirty = true;
            }
            java.util.List<String> lines = sel.apply(changes);
            if (!rev2) {
                // RFC 3501 section 2.3.2: what the store let this session claim is \Recent here only
                sel.markRecent(reply.getRecentAfterUid(), reply.getRecentThroughUid());
                lines = sel.withRecent(lines);
            }
            for (String line : lines) {
                untagged(line);
            }
            if (dirty && onIdleWake != null) {
                // a notice came while this look was under way
                onIdleWake.run();
            }
            return null;
        });
    }

    /** IDLE: {@code onWake} runs on this event loop whenever a change notice for the selected mailbox arrives. */
    public void idling(Runnable onWake) {
        metrics.idle(onIdleWake != null, onWake != null);
        this.onIdleWake = onWake;
    }

    private void wakeFromAnyThread() {
        context.runOnContext(v -> {
            dirty = true;
            if (onIdleWake != null) {
                onIdleWake.run();
            }
        });
    }

    public void bye(String text) {
        if (closed) {
            return;
        }
        state = State.LOGOUT;
        pump.close();
        framer.kill();
        writeLast("* BYE " + text + "\r\n").onComplete(ar -> socket.close());
    }

    /** LOGOUT: BYE, the tagged OK, then close (RFC 9051 section 6.1.3). */
    public CompletionStage<Void> logout(String tag) {
        state = State.LOGOUT;
        mailLog.loggingOut();
        pump.close();
        framer.kill();
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeLast("* BYE logging out\r\n" + tag + " OK LOGOUT completed\r\n").onComplete(ar -> {
            socket.close();
            done.complete(null);
        });
        return done;
    }

    private void armTimer() {
        long period = Math.min(config.loginTimeout().toMillis() / 2, Math.min(config.idleTimeout().toMillis(), config.resyncInterval().toMillis()));
        timer = vertx.setPeriodic(Math.max(100, period), t -> {
            if (closed) {
                return;
            }
            if (System.nanoTime() - lastActivity > config.idleTimeout().toNanos()) {
                bye("autologout; idle for too long");
                return;
            }
            if (state == State.NOT_AUTHENTICATED && System.nanoTime() - connectedAt > config.loginTimeout().toNanos()) {
                // RFC 9051 section 5.4 allows a shorter timer before login: idle pre-login connections are cheap to open
                bye("login timeout");
                return;
            }
            // the safety net for lost notifications: an IDLE session re-reads changes now and then
            if (onIdleWake != null && System.nanoTime() - lastSync >= config.resyncInterval().toNanos()) {
                dirty = true;
                onIdleWake.run();
            }
        });
    }

    private void onSocketClosed() {
        if (closed) {
            return;
        }
        closed = true;
        metrics.disconnected();
        idling(null);
        pump.close();
        ticket.release();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        unselect();
        if (compression != null) {
            compression.end();
        }
        LOG.debugf("imap session=%s closed", id);
        mailLog.closed(tls);
    }
}
