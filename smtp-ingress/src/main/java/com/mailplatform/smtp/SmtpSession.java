package com.mailplatform.smtp;

import com.mailplatform.common.io.LineFramer;
import com.mailplatform.common.io.SerialLineProcessor;
import com.mailplatform.smtp.command.Commands;
import com.mailplatform.smtp.command.CommandHandler;
import com.mailplatform.smtp.parse.CommandParser;
import com.mailplatform.smtp.parse.DataReader;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.parse.SyntaxException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * One SMTP connection: the RFC 5321 state (greeting, HELO/EHLO, transaction) and its socket. Lines are handled
 * strictly one after another on the connection's event loop, so pipelined commands (RFC 2920) get their replies
 * in order even when a handler waits for mailbox-store or the broker.
 */
public final class SmtpSession {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class);
    /** RFC 5321 section 4.5.3.1.6: a text line is at most 1000 octets including CRLF. */
    static final int MAX_TEXT_LINE = 1000;
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    record Line(byte[] bytes, boolean crlf, boolean overflow) {
    }

    private final Vertx vertx;
    private final NetSocket socket;
    private final Context context;
    private final SmtpConfig config;
    private final Commands commands;
    private final String clientAddress;
    private final LineFramer framer = new LineFramer(MAX_TEXT_LINE);
    private final SerialLineProcessor<Line> lines;
    private long idleTimer = -1;
    private boolean closed;
    private int errors;

    // RFC 5321 session and transaction state
    private String heloName;
    private boolean esmtp;
    private String mailFrom;
    private final List<String> recipients = new ArrayList<>();
    private DataReader data;

    public SmtpSession(Vertx vertx, NetSocket socket, SmtpConfig config, Commands commands) {
        this.vertx = vertx;
        this.socket = socket;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.commands = commands;
        this.clientAddress = socket.remoteAddress().hostAddress();
        this.lines = new SerialLineProcessor<>(this::handle, socket::pause, socket::resume, 64);
    }

    public void start() {
        socket.handler(this::received);
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> LOG.debugf("client %s: %s", clientAddress, e.toString()));
        resetIdleTimer();
        reply("220 " + config.myhostname() + " ESMTP mail-platform");
    }

    private void received(Buffer buffer) {
        resetIdleTimer();
        byte[] bytes = buffer.getBytes();
        framer.feed(bytes, 0, bytes.length, new LineFramer.Sink() {
            @Override
            public void line(byte[] line, boolean crlf) {
                lines.submit(new Line(line, crlf, false));
            }

            @Override
            public void overflow() {
                lines.submit(new Line(null, false, true));
            }
        });
    }

    private CompletionStage<?> handle(Line line) {
        if (closed) {
            return DONE;
        }
        if (data != null) {
            if (line.overflow()) {
                data.overflow();
                return DONE;
            }
            if (data.line(line.bytes(), line.crlf())) {
                DataReader finished = data;
                data = null;
                return commands.data().finish(this, finished);
            }
            return DONE;
        }
        if (line.overflow()) {
            reply("500 5.5.2 Error: line too long");
            return DONE;
        }
        SmtpCommand command;
        try {
            command = CommandParser.parse(line.bytes());
        } catch (SyntaxException e) {
            reply(e.reply());
            return DONE;
        }
        CommandHandler handler = commands.get(command.verb());
        if (handler == null) {
            reply("500 5.5.2 Error: command not recognized");
            return DONE;
        }
        return handler.handle(this, command);
    }

    /** Sends one reply line (or several joined by CRLF); counts errors like Postfix's smtpd_hard_error_limit. */
    public void reply(String text) {
        if (closed) {
            return;
        }
        socket.write(Buffer.buffer((text + "\r\n").getBytes(StandardCharsets.UTF_8)));
        char c = text.isEmpty() ? '2' : text.charAt(0);
        if ((c == '4' || c == '5') && !text.startsWith("421") && ++errors >= config.hardErrorLimit()) {
            close("421 4.7.0 " + config.myhostname() + " Error: too many errors");
        }
    }

    /** Sends a last reply and closes the connection. */
    public void close(String lastReply) {
        if (closed) {
            return;
        }
        socket.write(Buffer.buffer((lastReply + "\r\n").getBytes(StandardCharsets.UTF_8)));
        closed = true;
        lines.close();
        socket.close();
    }

    /** Runs a Uni and continues on this connection's event loop, where all session state lives. */
    public <T> CompletionStage<T> onContext(Uni<T> uni) {
        return uni.emitOn(r -> context.runOnContext(v -> r.run())).subscribeAsCompletionStage();
    }

    public CompletionStage<Void> done() {
        return DONE;
    }

    private void resetIdleTimer() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        idleTimer = vertx.setTimer(config.timeout().toMillis(),
                id -> close("421 4.4.2 " + config.myhostname() + " Error: timeout exceeded"));
    }

    private void closed() {
        closed = true;
        lines.close();
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
    }

    /** RSET, EHLO and the end of DATA clear the transaction (RFC 5321 section 4.1.1.5). */
    public void resetTransaction() {
        mailFrom = null;
        recipients.clear();
        data = null;
    }

    public SmtpConfig config() {
        return config;
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
        resetTransaction();
    }

    public String mailFrom() {
        return mailFrom;
    }

    public void mailFrom(String reversePath) {
        this.mailFrom = reversePath;
    }

    public List<String> recipients() {
        return recipients;
    }

    public void startData(DataReader reader) {
        this.data = reader;
    }
}
