package com.mailplatform.delivery.client;

import com.mailplatform.common.smtp.MalformedReplyException;
import com.mailplatform.common.smtp.ReplyParser;
import com.mailplatform.common.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection to a remote MTA: writes command lines, hands out complete replies in order (so pipelined
 * commands are answered in the order sent, RFC 2920 section 3.1). Vert.x wiring only; replies are parsed by
 * {@link ReplyParser} (platform-common).
 */
public final class SmtpConnection {

    private final NetSocket socket;
    private final String relay;
    private final ReplyParser parser = new ReplyParser();
    private final ArrayDeque<SmtpReply> replies = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<SmtpReply>> waiters = new ArrayDeque<>();
    private Buffer partial = Buffer.buffer();
    private RuntimeException failure;
    private boolean tls;

    private SmtpConnection(NetSocket socket, String relay) {
        this.socket = socket;
        this.relay = relay;
        socket.handler(this::onData);
        socket.closeHandler(v -> fail(new SmtpProtocolException("lost connection with " + relay)));
        socket.exceptionHandler(e -> fail(new SmtpProtocolException("lost connection with " + relay + ": " + e.getMessage())));
    }

    /**
     * Connects to one address of a host; {@code relay} is Postfix's "host[ip]:port" for the log. The connect is
     * started on an event loop and the reply handler installed in its completion there, so the greeting cannot
     * arrive before anyone listens (loopback connects complete faster than a caller on another thread).
     */
    public static Uni<SmtpConnection> open(Vertx vertx, NetClient client, String host, InetAddress address, int port, Duration timeout) {
        String relay = host + "[" + address.getHostAddress() + "]:" + port;
        return Uni.createFrom().<SmtpConnection>emitter(em -> {
                    AtomicBoolean gaveUp = new AtomicBoolean();
                    em.onTermination(() -> gaveUp.set(true));
                    Context ctx = vertx.getOrCreateContext();
                    ctx.runOnContext(v -> client.connect(port, address.getHostAddress(), host).onComplete(ar -> {
                        if (ar.succeeded() && gaveUp.get()) {
                            ar.result().close();
                        } else if (ar.succeeded()) {
                            em.complete(new SmtpConnection(ar.result(), relay));
                        } else {
                            em.fail(new SmtpProtocolException("connect to " + relay + ": " + ar.cause().getMessage()));
                        }
                    }));
                })
                .ifNoItem().after(timeout).failWith(() -> new SmtpProtocolException("connect to " + relay + ": Connection timed out"));
    }

    public String relay() {
        return relay;
    }

    public boolean tls() {
        return tls;
    }

    public synchronized boolean usable() {
        return failure == null;
    }

    /** Sends one command line (CRLF appended); UTF-8, which is ASCII unless SMTPUTF8 was given (RFC 6531 section 3.3). */
    public void send(String line) {
        socket.write(Buffer.buffer(line + "\r\n", StandardCharsets.UTF_8.name()));
    }

    /** Sends several command lines in one write, the point of PIPELINING. */
    public void sendAll(Iterable<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        socket.write(Buffer.buffer(sb.toString(), StandardCharsets.UTF_8.name()));
    }

    public Uni<Void> write(byte[] data) {
        return Uni.createFrom().completionStage(() -> socket.write(Buffer.buffer(data)).toCompletionStage());
    }

    /** The next reply, in the order the server sent them. */
    public Uni<SmtpReply> next(Duration timeout, String waitingFor) {
        return Uni.createFrom().completionStage(this::take)
                .ifNoItem().after(timeout).failWith(() -> {
                    close();
                    return new SmtpProtocolException("conversation with " + relay + " timed out while " + waitingFor);
                });
    }

    public Uni<SmtpReply> command(String line, Duration timeout) {
        send(line);
        return next(timeout, "receiving the reply to " + line.split(" ", 2)[0]);
    }

    /** RFC 3207: after "220 Ready to start TLS" the TLS handshake starts; nothing said before counts afterwards. */
    public Uni<Void> startTls(String serverName) {
        return Uni.createFrom().completionStage(() -> socket.upgradeToSsl(serverName).toCompletionStage())
                .invoke(() -> tls = true);
    }

    public void close() {
        socket.close();
    }

    private synchronized CompletableFuture<SmtpReply> take() {
        SmtpReply r = replies.poll();
        if (r != null) {
            return CompletableFuture.completedFuture(r);
        }
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<SmtpReply> f = new CompletableFuture<>();
        waiters.add(f);
        return f;
    }

    private void onData(Buffer data) {
        try {
            partial.appendBuffer(data);
            int start = 0;
            for (int i = 0; i < partial.length(); i++) {
                if (partial.getByte(i) == '\n') {
                    int end = i > start && partial.getByte(i - 1) == '\r' ? i - 1 : i;
                    deliver(parser.feed(partial.getString(start, end, StandardCharsets.ISO_8859_1.name())));
                    start = i + 1;
                }
            }
            partial = partial.getBuffer(start, partial.length());
            if (partial.length() > ReplyParser.MAX_LINE + 2) {
                throw new SmtpProtocolException("reply line longer than " + ReplyParser.MAX_LINE + " octets");
            }
        } catch (SmtpProtocolException | MalformedReplyException e) {
            fail(new SmtpProtocolException(relay + " " + e.getMessage()));
            close();
        }
    }

    private synchronized void deliver(SmtpReply reply) {
        if (reply == null) {
            return;
        }
        CompletableFuture<SmtpReply> w = waiters.poll();
        if (w != null) {
            w.complete(reply);
        } else {
            replies.add(reply);
        }
    }

    private synchronized void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        CompletableFuture<SmtpReply> w;
        while ((w = waiters.poll()) != null) {
            w.completeExceptionally(failure);
        }
    }
}
