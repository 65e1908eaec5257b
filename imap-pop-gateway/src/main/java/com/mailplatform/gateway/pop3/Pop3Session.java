package com.mailplatform.gateway.pop3;

import com.mailplatform.gateway.log.DovecotSessionLog;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.MaildropLockRequest;
import com.mailplatform.common.grpc.mailbox.SectionSpec;
import com.mailplatform.gateway.read.Fetched;
import com.mailplatform.gateway.read.MessageAssembler;
import com.mailplatform.gateway.read.MessageReader;
import com.mailplatform.gateway.pop3.command.CommandHandler;
import com.mailplatform.gateway.pop3.command.Commands;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import com.mailplatform.gateway.pop3.parse.Pop3ParseException;
import com.mailplatform.gateway.pop3.parse.Pop3Parser;
import com.mailplatform.gateway.session.SessionTimeouts;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.CommandPump;
import com.mailplatform.common.protocol.ConnectionGate;
import com.mailplatform.common.protocol.DotStuffer;
import com.mailplatform.common.protocol.InputBuffer;
import com.mailplatform.common.protocol.OnContext;
import com.mailplatform.common.protocol.WriteQueue;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One POP3 connection: the RFC 1939 state machine (AUTHORIZATION, TRANSACTION, UPDATE), the maildrop lease and the
 * snapshot. Everything here runs on the connection's event loop; store replies are moved back onto it before they
 * touch state, so no field needs a lock.
 */
public final class Pop3Session {

    public enum State { AUTHORIZATION, TRANSACTION, UPDATE }

    public static final String NOT_VALID_IN_STATE = "command not valid in this state";
    /** Unread bytes above which the socket stops being read (back-pressure on a pipelining client). */
    private static final int HIGH_WATER = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(Pop3Session.class);
    /** RETR and TOP read section "" (the whole message) and cut it here. */
    private static final List<SectionSpec> WHOLE = List.of(SectionSpec.newBuilder().setSection("").build());
    /** Ends a TOP stream that has sent all it should; not a failure. */
    private static final RuntimeException ENOUGH = new RuntimeException("enough", null, false, false) { };

    private record Incoming(byte[] line, boolean overflow) {
    }

    private final String id;
    /** Dovecot-format login and logout lines (fail2ban's dovecot filter). */
    private final DovecotSessionLog mailLog;
    private final NetSocket socket;
    private final Context context;
    private final Vertx vertx;
    private final MailboxStore store;
    private final Pop3Config config;
    private final Pop3Metrics metrics;
    private final OnContext onContext;
    private final MessageReader reader;
    private final AuthPenalty penalty;
    private final ConnectionGate.Ticket ticket;
    private final String clientAddress;
    private boolean tls;
    private boolean tlsAvailable;
    private final CommandPump pump;

    private State state = State.AUTHORIZATION;
    private String user;
    private Maildrop maildrop;
    /** The account whose maildrop lease this session holds, or null. */
    private String lockedAccount;
    private long leaseRenewedAt;
    private int authFailures;
    private int badCommands;
    /** Set once the last reply is decided (QUIT, too many failures): later input is ignored. */
    private boolean closing;
    private boolean closed;
    private final SessionTimeouts timeouts;

    Pop3Session(String id, NetSocket socket, Context context, Vertx vertx, MailboxStore store, MessageReader reader, Pop3Config config,
                Pop3Metrics metrics, AuthPenalty penalty, ConnectionGate.Ticket ticket) {
        this.id = id;
        this.socket = socket;
        this.context = context;
        this.vertx = vertx;
        this.store = store;
        this.reader = reader;
        this.config = config;
        this.metrics = metrics;
        this.onContext = new OnContext(context);
        this.penalty = penalty;
        this.ticket = ticket;
        this.clientAddress = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        this.mailLog = new DovecotSessionLog("pop3", id, clientAddress,
                socket.localAddress() == null ? "unknown" : socket.localAddress().hostAddress());
        this.pump = new CommandPump(new InputBuffer(Pop3Parser.FRAMER_LIMIT), this::next, socket::pause, socket::resume, HIGH_WATER);
        // before PASS succeeds only pop3.login-timeout in all: idle pre-login connections are cheap to open
        this.timeouts = new SessionTimeouts(vertx, config.idleTimeout(), config.loginTimeout(), () -> state != State.AUTHORIZATION, this::expired);
    }

    /** The next line from the input, started; null when more bytes are needed. */
    private CompletionStage<?> next(InputBuffer input) {
        InputBuffer.Line line = input.nextLine();
        if (line == null) {
            return null;
        }
        // RFC 1939 wants CRLF; a bare LF is forgiven like most servers do
        timeouts.touch();
        return process(new Incoming(line.bytes(), line.overflow()));
    }

    /** Called on the connection's event loop. */
    void start() {
        metrics.sessionOpened(tls);
        socket.handler(buffer -> pump.received(buffer.getBytes()));
        socket.closeHandler(v -> onSocketClosed());
        socket.exceptionHandler(e -> {
            LOG.debugf("pop3 session=%s socket error: %s", id, e.toString());
            socket.close();
        });
        timeouts.start();
        ok("POP3 server ready " + config.banner());
    }

    // ---- what handlers use ----

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public Pop3Config config() {
        return config;
    }

    /** Whether this connection is encrypted (port 995, or after STLS). */
    public boolean tls() {
        return tls;
    }

    public boolean tlsAvailable() {
        return tlsAvailable;
    }

    void tls(boolean tls, boolean available) {
        this.tls = tls;
        this.tlsAvailable = available;
    }

    /** USER/PASS only over TLS unless pop3.allow-plaintext-auth (RFC 2595 section 2.2). */
    public boolean authAllowed() {
        return tls || config.allowPlaintextAuth();
    }

    /** STLS: +OK in the clear, then the handshake; input received before it is dropped. */
    public CompletionStage<Void> startTls() {
        pump.clear();
        CompletableFuture<Void> done = new CompletableFuture<>();
        socket.write(Buffer.buffer("+OK begin TLS negotiation\r\n")).onComplete(w -> socket.upgradeToSsl().onComplete(ar -> {
            if (ar.succeeded()) {
                tls = true;
            } else {
                LOG.debugf("pop3 session=%s TLS handshake failed: %s", id, ar.cause());
                socket.close();
            }
            done.complete(null);
        }));
        return done;
    }

    public MailboxStore store() {
        return store;
    }

    /** The snapshot taken at PASS; null before TRANSACTION. */
    public Maildrop maildrop() {
        return maildrop;
    }

    public void user(String name) {
        this.user = name;
    }

    /** The name from USER, cleared: RFC 1939 section 7 wants PASS immediately after a successful USER. */
    public String takeUser() {
        String u = user;
        user = null;
        return u;
    }

    /** The service's authentication penalty (anvil), per client address and per address and user. */
    public AuthPenalty.Verdict authAttempt(String user) {
        return penalty.attempt(clientAddress, user);
    }

    /** Counts a failed PASS (across sessions too, unless the attempt was refused unchecked) and returns how many this session has had. */
    public int authFailed(String user, boolean checked) {
        metrics.authFailure();
        if (checked) {
            penalty.failed(clientAddress, user);
        }
        mailLog.authFailed(user);
        LOG.debugf("pop3 session=%s client=%s user=%s authentication failed (%d)", id, clientAddress, user, authFailures + 1);
        return ++authFailures;
    }

    public void authSucceeded(String user) {
        penalty.succeeded(clientAddress, user);
        ticket.authenticated();
    }

    public void enterTransaction(Maildrop snapshot) {
        this.maildrop = snapshot;
        this.state = State.TRANSACTION;
        LOG.debugf("pop3 session=%s client=%s login account=%s messages=%d", id, clientAddress, snapshot.account(), snapshot.size());
        mailLog.loggedIn(snapshot.account(), tls);
    }

    public void enterUpdate() {
        mailLog.loggingOut();
        this.state = State.UPDATE;
        this.closing = true;
        pump.close();
    }

    public void expunged(int n) {
        metrics.expunged(n);
    }

    public void ok(String text) {
        write(text.isEmpty() ? "+OK\r\n" : "+OK " + text + "\r\n");
    }

    public void err(String reason) {
        write("-ERR " + reason + "\r\n");
    }

    /** A multi-line reply (RFC 1939 section 3): status line, the lines (dot-stuffed), then ".". */
    public void multiline(String status, List<String> lines) {
        StringBuilder body = new StringBuilder(lines.size() * 16);
        for (String line : lines) {
            body.append(line).append("\r\n");
        }
        DotStuffer stuffer = DotStuffer.whole();
        write(status.isEmpty() ? "+OK\r\n" : "+OK " + status + "\r\n");
        if (!closed) {
            socket.write(Buffer.buffer(stuffer.encode(body.toString().getBytes(StandardCharsets.UTF_8))));
            socket.write(Buffer.buffer(stuffer.finish()));
        }
    }

    /** Sends the last reply, then closes once it is flushed. No UPDATE happens here. */
    public CompletionStage<Void> okAndClose(String text) {
        return finalReply(text.isEmpty() ? "+OK\r\n" : "+OK " + text + "\r\n");
    }

    public CompletionStage<Void> errAndClose(String reason) {
        return finalReply("-ERR " + reason + "\r\n");
    }

    /**
     * A store call whose result arrives back on this connection's event loop, failing after
     * {@link Pop3Config#storeTimeout()} so one stuck call cannot hold a pipelined session forever.
     */
    public <T> CompletionStage<T> call(Uni<T> uni) {
        return onContext.call(uni, config.storeTimeout());
    }

    /** Completes on this event loop after {@code delay}, without blocking it. */
    public CompletionStage<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long ms = delay.toMillis();
        if (ms <= 0) {
            done.complete(null);
        } else {
            vertx.setTimer(ms, t -> done.complete(null));
        }
        return done;
    }

    /**
     * Takes the maildrop lease for {@code account} with this session as owner (RFC 1939 section 8). True when this
     * session now holds it.
     */
    public CompletionStage<Boolean> acquireMaildrop(String account) {
        long started = System.nanoTime();
        return call(store.acquireMaildrop(lockRequest(account))).handle((reply, error) -> {
            if (error != null) {
                // the store may have granted it after our timeout: give it back rather than lock the user out
                LOG.warnf("pop3 session=%s maildrop lock failed: %s", id, error.toString());
                store.releaseMaildrop(lockRequest(account)).subscribe().with(r -> { }, e -> { });
                throw new IllegalStateException("maildrop lock failed", error);
            }
            if (!reply.getAcquired()) {
                return false;
            }
            if (closed) {
                store.releaseMaildrop(lockRequest(account)).subscribe().with(r -> { }, e -> { });
                return false;
            }
            lockedAccount = account;
            leaseRenewedAt = started;
            return true;
        });
    }

    /** Gives the lease back; never fails (a lost release only means the lease runs out by itself). */
    public CompletionStage<Void> releaseMaildrop() {
        String account = lockedAccount;
        lockedAccount = null;
        if (account == null) {
            return CommandHandler.done();
        }
        return call(store.releaseMaildrop(lockRequest(account))).handle((r, e) -> {
            if (e != null) {
                LOG.warnf("pop3 session=%s maildrop release failed, lease will expire: %s", id, e.toString());
            }
            return null;
        });
    }

    /**
     * Sends one message as a multi-line reply, from the gateway's message cache or streamed from the store.
     * {@code okLine} goes out only once the first chunk has arrived, so a store failure before that is still an
     * ordinary -ERR; a failure in the middle can only close the connection. Chunks are requested one at a time and
     * only while the socket can take more (back-pressure). RETR reads the next messages ahead in the same call.
     */
    public CompletionStage<Void> sendMessage(int msg, DotStuffer encoder, String okLine) {
        long mailboxId = maildrop.mailboxId();
        long uid = maildrop.get(msg).uid();
        Fetched cached = reader.cache().get(mailboxId, uid, false, WHOLE);
        if (cached != null) {
            // the whole reply in one write: one segment (one TLS record) for a small message
            Buffer reply = Buffer.buffer(okLine + "\r\n").appendBytes(encoder.encode(cached.sections().get(0).toByteArray()))
                    .appendBytes(encoder.finish());
            if (!closed) {
                socket.write(reply);
            }
            metrics.retrieved();
            return CommandHandler.done();
        }
        FetchMessagesRequest request = FetchMessagesRequest.newBuilder().setAccount(maildrop.account()).setMailboxId(mailboxId)
                .addAllUids(encoder.wholeMessage() ? readahead(msg) : List.of(uid)).addAllSections(WHOLE).build();
        MessageAssembler ahead = new MessageAssembler(1, m -> {
            reader.cache().put(mailboxId, m, WHOLE);
            return CommandHandler.done();
        });
        boolean[] started = {false};
        boolean[] sent = {false};
        CompletionStage<Void> streamed = reader.fetch(request, onContext.executor(), config.storeTimeout(), part -> {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
            }
            if (part.getUid() != uid) {
                return ahead.apply(part);
            }
            if (sent[0]) {
                return CommandHandler.done();
            }
            timeouts.touch();
            if (!started[0]) {
                started[0] = true;
                write(okLine + "\r\n");
            }
            byte[] out = encoder.encode(part.getData().toByteArray());
            if (out.length > 0) {
                socket.write(Buffer.buffer(out));
            }
            if (part.getMessageEnd() || encoder.done()) {
                socket.write(Buffer.buffer(encoder.finish()));
                metrics.retrieved();
                sent[0] = true;
                if (!encoder.wholeMessage()) {
                    // TOP has what it needs: the rest of the message need not be read
                    return CompletableFuture.failedFuture(ENOUGH);
                }
            }
            return WriteQueue.drained(socket);
        });
        return streamed.handle((v, failure) -> {
            Throwable e = failure instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : failure;
            if (sent[0]) {
                // the reply is complete; a read-ahead that broke after it only leaves the cache unfilled
                if (e != null && e != ENOUGH) {
                    LOG.debugf("pop3 session=%s read-ahead failed: %s", id, e.toString());
                }
                return null;
            }
            if (started[0]) {
                LOG.warnf("pop3 session=%s message stream broke, closing: %s", id, String.valueOf(e));
                socket.close();
            } else if (e == null) {
                // RFC 2449 has no code for "expunged meanwhile"
                err("message no longer available");
            } else {
                // SYS/TEMP is RFC 3206's "try again later"
                LOG.warnf("pop3 session=%s message unavailable: %s", id, e.toString());
                err("[SYS/TEMP] unable to read message");
            }
            return null;
        });
    }

    /** {@code msg} and the messages after it that are not deleted, not cached yet and small enough to be kept. */
    private List<Long> readahead(int msg) {
        List<Long> uids = new ArrayList<>();
        uids.add(maildrop.get(msg).uid());
        long bytes = maildrop.get(msg).size();
        for (int n = msg + 1; n <= maildrop.size() && uids.size() < config.readaheadMessages(); n++) {
            Maildrop.Message m = maildrop.get(n);
            if (maildrop.isDeleted(n) || !reader.cache().keeps(m.size()) || reader.cache().get(maildrop.mailboxId(), m.uid(), false, WHOLE) != null) {
                continue;
            }
            if (bytes + m.size() > config.readaheadBytes()) {
                break;
            }
            bytes += m.size();
            uids.add(m.uid());
        }
        return uids;
    }

    // ---- the command loop ----

    /** Runs one line. */
    private CompletionStage<?> process(Incoming in) {
        CompletionStage<?> stage;
        try {
            stage = dispatch(in);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.exceptionally(e -> {
            // a bug, not a client error: the reply may be half written, so the only safe answer is to hang up
            LOG.errorf(e, "pop3 session=%s command failed, closing", id);
            socket.close();
            return null;
        });
    }

    private CompletionStage<?> dispatch(Incoming in) {
        if (closing || closed) {
            return CommandHandler.done();
        }
        if (in.overflow()) {
            return bad(Pop3Parser.LINE_TOO_LONG);
        }
        Pop3Command command;
        try {
            command = Pop3Parser.parse(in.line());
        } catch (Pop3ParseException e) {
            return bad(e.reason());
        }
        CommandHandler<Pop3Command> handler = Commands.handlerFor(command);
        if (!handler.validIn().contains(state)) {
            return bad(NOT_VALID_IN_STATE);
        }
        badCommands = 0;
        if (state == State.TRANSACTION && leaseHalfUsed()) {
            return metrics.timed(command, renewLease().thenCompose(held -> held
                    ? handler.handle(command, this).thenApply(r -> (Void) null)
                    : CommandHandler.done()));
        }
        return metrics.timed(command, handler.handle(command, this));
    }

    private CompletionStage<?> bad(String reason) {
        if (++badCommands > config.maxBadCommands()) {
            return errAndClose("too many bad commands");
        }
        err(reason);
        return CommandHandler.done();
    }

    private boolean leaseHalfUsed() {
        return System.nanoTime() - leaseRenewedAt > leaseNanos() / 2;
    }

    private long leaseNanos() {
        return TimeUnit.SECONDS.toNanos(leaseSeconds());
    }

    private int leaseSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.maildropLease().toSeconds()));
    }

    /**
     * Re-acquiring as the same owner renews the lease. False (and the session closing) when the lease is lost: then
     * another session may own the maildrop, and this one must never reach UPDATE.
     */
    private CompletionStage<Boolean> renewLease() {
        long started = System.nanoTime();
        boolean expired = started - leaseRenewedAt >= leaseNanos();
        return call(store.acquireMaildrop(lockRequest(lockedAccount))).handle((reply, error) -> {
            if (error == null && reply.getAcquired()) {
                leaseRenewedAt = started;
                return true;
            }
            if (error != null && !expired) {
                LOG.warnf("pop3 session=%s lease renewal failed, will retry: %s", id, error.toString());
                return true;
            }
            LOG.warnf("pop3 session=%s maildrop lease lost, closing without update", id);
            errAndClose("[IN-USE] maildrop lock lost");
            return false;
        });
    }

    private MaildropLockRequest lockRequest(String account) {
        return MaildropLockRequest.newBuilder().setAccount(account).setOwner(id).setLeaseSeconds(leaseSeconds()).build();
    }

    // ---- the socket ----

    private void write(String text) {
        if (!closed) {
            socket.write(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private CompletionStage<Void> finalReply(String text) {
        closing = true;
        pump.close();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        Future<Void> written = socket.write(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
        written.onComplete(ar -> {
            socket.close();
            done.complete(null);
        });
        return done;
    }

    /** RFC 1939 section 3: on the autologout timer the connection closes without UPDATE and without a reply. */
    private void expired(SessionTimeouts.Expiry why) {
        LOG.debugf("pop3 session=%s %s", id, why.text());
        closing = true;
        socket.close();
    }

    private void onSocketClosed() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        pump.close();
        ticket.release();
        timeouts.stop();
        // a dropped connection never reaches UPDATE: only the lease is given back (RFC 1939 section 6)
        releaseMaildrop();
        metrics.sessionClosed();
        LOG.debugf("pop3 session=%s closed in state %s", id, state);
        mailLog.closed(tls);
    }
}
