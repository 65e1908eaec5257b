package com.mailplatform.gateway.managesieve;

import com.mailplatform.common.grpc.mailbox.MailboxSieve;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.common.protocol.CommandPump;
import com.mailplatform.common.protocol.ConnectionGate;
import com.mailplatform.common.protocol.InputBuffer;
import com.mailplatform.common.protocol.OnContext;
import com.mailplatform.common.sieve.SieveEngine;
import com.mailplatform.gateway.managesieve.command.Commands;
import com.mailplatform.gateway.managesieve.command.SieveHandler;
import com.mailplatform.gateway.managesieve.parse.ManageSieveParser;
import com.mailplatform.gateway.managesieve.parse.SieveCommand;
import com.mailplatform.gateway.managesieve.parse.SieveParseException;
import com.mailplatform.gateway.session.SessionTimeouts;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One ManageSieve connection (RFC 5804): the two states, framing of commands (with literals) out of the input,
 * replies, STARTTLS and the SASL exchange. Runs on the connection's event loop only; store replies come back onto
 * it before they touch state.
 */
public final class ManageSieveSession {

    public enum State { NON_AUTHENTICATED, AUTHENTICATED }

    private static final Logger LOG = Logger.getLogger(ManageSieveSession.class);
    /** A SASL response is parsed with the command grammar: it is one string argument (RFC 5804 section 2.1). */
    private static final byte[] RESPONSE_PREFIX = "NOOP ".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final NetSocket socket;
    private final Vertx vertx;
    private final MailboxStore store;
    private final MailboxSieve scripts;
    private final ManageSieveConfig config;
    private final AuthPenalty penalty;
    private final ConnectionGate.Ticket ticket;
    private final OnContext onContext;
    private final boolean tlsAvailable;
    private final String clientAddress;
    private final CommandPump pump;

    private State state = State.NON_AUTHENTICATED;
    private boolean tls;
    private String account;
    private int authFailures;
    private int badCommands;
    /** Set while a PLAIN exchange waits for the client's response (AUTHENTICATE without initial response). */
    private Function<String, CompletionStage<?>> saslContinuation;
    /** After a syntax error with no CRLF yet: input is dropped up to the next CRLF, then NO is sent. */
    private String discarding;
    private boolean closing;
    private boolean closed;
    private final SessionTimeouts timeouts;

    ManageSieveSession(String id, NetSocket socket, Context context, Vertx vertx, MailboxStore store, MailboxSieve scripts,
                       ManageSieveConfig config, AuthPenalty penalty, ConnectionGate.Ticket ticket, boolean tlsAvailable) {
        this.id = id;
        this.socket = socket;
        this.vertx = vertx;
        this.store = store;
        this.scripts = scripts;
        this.config = config;
        this.penalty = penalty;
        this.ticket = ticket;
        this.tlsAvailable = tlsAvailable;
        this.onContext = new OnContext(context);
        this.clientAddress = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        // back-pressure only above what one whole command may hold: a script literal has to fit while it arrives
        int highWater = Math.max(64 * 1024, config.maxLiteral() + 2 * ManageSieveParser.MAX_LINE);
        this.pump = new CommandPump(new InputBuffer(ManageSieveParser.MAX_LINE), this::next, socket::pause, socket::resume, highWater);
        this.timeouts = new SessionTimeouts(vertx, config.idleTimeout(), config.loginTimeout(), () -> state != State.NON_AUTHENTICATED, this::expired);
    }

    void start() {
        socket.handler(buffer -> {
            timeouts.touch();
            pump.received(buffer.getBytes());
        });
        socket.closeHandler(v -> onSocketClosed());
        socket.exceptionHandler(e -> {
            LOG.debugf("managesieve session=%s socket error: %s", id, e.toString());
            socket.close();
        });
        timeouts.start();
        // RFC 5804 section 1.7: the greeting is the capability list and OK
        capabilities();
        ok(null, "ManageSieve ready");
    }

    // ---- what handlers use ----

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public ManageSieveConfig config() {
        return config;
    }

    public MailboxStore store() {
        return store;
    }

    public MailboxSieve scripts() {
        return scripts;
    }

    /** The authenticated account; null before AUTHENTICATE. */
    public String account() {
        return account;
    }

    public boolean tls() {
        return tls;
    }

    public boolean tlsAvailable() {
        return tlsAvailable;
    }

    /** SASL only over TLS unless managesieve.allow-plaintext-auth (RFC 5804 section 2.1, like RFC 2595). */
    public boolean authAllowed() {
        return tls || config.allowPlaintextAuth();
    }

    /** RFC 5804 section 1.7: the capability lines (without the final OK). */
    public void capabilities() {
        StringBuilder s = new StringBuilder(256);
        s.append("\"IMPLEMENTATION\" ").append(Strings.quote(config.implementation())).append("\r\n");
        if (authAllowed()) {
            s.append("\"SASL\" \"PLAIN\"\r\n");
        } else {
            // section 1.7: an empty SASL list until STARTTLS makes a mechanism usable
            s.append("\"SASL\" \"\"\r\n");
        }
        s.append("\"SIEVE\" ").append(Strings.quote(String.join(" ", SieveEngine.get().extensions()))).append("\r\n");
        if (tlsAvailable && !tls && state == State.NON_AUTHENTICATED) {
            s.append("\"STARTTLS\"\r\n");
        }
        if (state == State.AUTHENTICATED) {
            s.append("\"OWNER\" ").append(Strings.quote(account)).append("\r\n");
        }
        // section 2.14.1: UNAUTHENTICATE is advertised
        s.append("\"UNAUTHENTICATE\"\r\n");
        s.append("\"VERSION\" \"1.0\"\r\n");
        write(s.toString());
    }

    /** {@code OK [(code)] ["text"]} (RFC 5804 section 1.3). */
    public void ok(String code, String text) {
        write(Strings.response("OK", code, text));
    }

    public void no(String code, String text) {
        write(Strings.response("NO", code, text));
    }

    /** Raw protocol text (capability lines, LISTSCRIPTS lines, GETSCRIPT's literal). */
    public void write(String text) {
        if (!closed) {
            socket.write(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The last reply, then the connection closes once it is flushed. */
    public CompletionStage<Void> finalReply(String line) {
        closing = true;
        pump.close();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        socket.write(Buffer.buffer(line.getBytes(StandardCharsets.UTF_8))).onComplete(ar -> {
            socket.close();
            done.complete(null);
        });
        return done;
    }

    /** RFC 5804 section 2.2: OK in the clear, the handshake, then the capabilities again. Input behind STARTTLS is dropped. */
    public CompletionStage<Void> startTls() {
        pump.clear();
        CompletableFuture<Void> done = new CompletableFuture<>();
        socket.write(Buffer.buffer("OK \"Begin TLS negotiation now\"\r\n")).onComplete(w -> socket.upgradeToSsl().onComplete(ar -> {
            if (ar.succeeded()) {
                tls = true;
                capabilities();
                ok(null, "TLS negotiation successful");
            } else {
                LOG.debugf("managesieve session=%s TLS handshake failed: %s", id, ar.cause());
                socket.close();
            }
            done.complete(null);
        }));
        return done;
    }

    /** Sends an empty server challenge and hands the client's next string to {@code then} (RFC 5804 section 2.1). */
    public void awaitSaslResponse(Function<String, CompletionStage<?>> then) {
        write("\"\"\r\n");
        saslContinuation = then;
    }

    public AuthPenalty.Verdict authAttempt(String user) {
        return penalty.attempt(clientAddress, user);
    }

    /** Counts a failure; true when the session must end. */
    public boolean authFailed(String user, boolean checked) {
        if (checked) {
            penalty.failed(clientAddress, user);
        }
        LOG.infof("managesieve session=%s client=%s user=%s authentication failed (%d)", id, clientAddress, user, authFailures + 1);
        return ++authFailures >= config.maxAuthFailures();
    }

    public void authenticated(String user, String account) {
        penalty.succeeded(clientAddress, user);
        ticket.authenticated();
        this.account = account;
        this.state = State.AUTHENTICATED;
        LOG.infof("managesieve session=%s client=%s login account=%s", id, clientAddress, account);
    }

    /** RFC 5804 section 2.14.1: back to the non-authenticated state. */
    public void unauthenticate() {
        this.account = null;
        this.state = State.NON_AUTHENTICATED;
    }

    public <T> CompletionStage<T> call(Uni<T> uni) {
        return onContext.call(uni, config.storeTimeout());
    }

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

    // ---- framing and dispatch ----

    /** The largest literal now: small before authentication (only a SASL response can come), the script limit after. */
    private int maxLiteral() {
        return state == State.AUTHENTICATED ? config.maxLiteral() : ManageSieveParser.MAX_LITERAL_UNAUTHENTICATED;
    }

    private CompletionStage<?> next(InputBuffer input) {
        if (closing || closed) {
            return null;
        }
        if (discarding != null) {
            String reason = discarding;
            int[] skipped = {-1};
            input.feed((buf, off, len) -> {
                int n = ManageSieveParser.skip(Arrays.copyOfRange(buf, off, off + len), len);
                skipped[0] = n;
                return n < 0 ? Math.max(0, len - 1) : n; // keep a trailing CR: the LF may come next
            });
            if (skipped[0] < 0) {
                return null;
            }
            discarding = null;
            return bad(reason);
        }
        boolean response = saslContinuation != null;
        ManageSieveParser.Result[] result = {null};
        SieveParseException[] error = {null};
        boolean[] lineEnded = {false};
        input.feed((buf, off, len) -> {
            byte[] bytes = response ? concat(RESPONSE_PREFIX, buf, off, len) : Arrays.copyOfRange(buf, off, off + len);
            int prefix = response ? RESPONSE_PREFIX.length : 0;
            try {
                ManageSieveParser.Result r = ManageSieveParser.parse(bytes, bytes.length, maxLiteral());
                result[0] = r;
                return r.complete() ? r.consumed() - prefix : 0;
            } catch (SieveParseException e) {
                error[0] = e;
                int n = ManageSieveParser.skip(bytes, bytes.length);
                lineEnded[0] = n >= 0;
                // without a CRLF yet everything is dropped but a trailing CR (its LF may come next)
                return n >= 0 ? Math.max(0, n - prefix) : Math.max(0, len - 1);
            }
        });
        if (error[0] != null) {
            saslContinuation = null;
            if (error[0].getMessage().equals("literal too big")) {
                // the literal's bytes would follow and be read as commands: end the session instead
                return finalReply(Strings.response("BYE", "QUOTA/MAXSIZE", "literal too big"));
            }
            if (!lineEnded[0]) {
                discarding = error[0].getMessage();
                return next(input);
            }
            return bad(error[0].getMessage());
        }
        if (result[0] == null || !result[0].complete()) {
            return null;
        }
        SieveCommand command = result[0].command();
        if (response) {
            Function<String, CompletionStage<?>> then = saslContinuation;
            saslContinuation = null;
            if (command.args().size() != 1) {
                return bad("expected one string");
            }
            return guard(() -> then.apply(command.args().get(0)));
        }
        SieveHandler handler = Commands.handlerFor(command.keyword());
        if (handler.needsAuth() && state != State.AUTHENTICATED) {
            return bad("authenticate first");
        }
        if (handler.beforeAuthOnly() && state == State.AUTHENTICATED) {
            return bad("already authenticated");
        }
        badCommands = 0;
        return guard(() -> handler.handle(command, this));
    }

    private static byte[] concat(byte[] prefix, byte[] buf, int off, int len) {
        byte[] out = new byte[prefix.length + len];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(buf, off, out, prefix.length, len);
        return out;
    }

    private CompletionStage<?> guard(java.util.function.Supplier<CompletionStage<?>> run) {
        CompletionStage<?> stage;
        try {
            stage = run.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.exceptionally(e -> {
            // a bug, not a client error: the reply may be half written, so hang up
            LOG.errorf(e, "managesieve session=%s command failed, closing", id);
            socket.close();
            return null;
        });
    }

    /** NO for a bad command; BYE after too many in a row. */
    public CompletionStage<?> bad(String reason) {
        if (++badCommands > config.maxBadCommands()) {
            return finalReply(Strings.response("BYE", null, "too many bad commands"));
        }
        no(null, reason);
        return CompletableFuture.completedFuture(null);
    }

    // ---- timers and close ----

    private void expired(SessionTimeouts.Expiry why) {
        // RFC 5804 section 1.3: BYE announces that the server closes the connection
        finalReply(Strings.response("BYE", null, why.text()));
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
        LOG.debugf("managesieve session=%s closed in state %s", id, state);
    }
}
