package com.mailplatform.smtp.milter;

import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.smtp.filter.Verdict;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One SMTP session's conversation with one milter, stage by stage as the client talks (Postfix keeps one milter
 * connection per SMTP session): option negotiation and connect, HELO, then per transaction MAIL, each RCPT,
 * DATA, headers, end of headers, body chunks and end of message (with the modification actions), or ABORT; QUIT
 * when the session ends. The stages the milter left out in negotiation are not sent, and replies it said it
 * would not give are not awaited.
 *
 * <p>Every stage returns null to go on, or the verdict that decides it. Operations run one after another even
 * when an abort or close arrives while a stage still waits. A conversation that broke (connection lost, timeout,
 * protocol error) fails that stage and is opened anew, replaying connect and HELO, at the next MAIL, so one
 * stalled moment does not poison the rest of the session.
 */
final class MilterConversation {

    private static final CompletionStage<Verdict> GO_ON = CompletableFuture.completedFuture(null);

    /** Opens a connection to the milter. */
    interface Dialer {
        CompletionStage<MilterConnection> dial();
    }

    private final Dialer dialer;
    private final MilterFilter.Timeouts timeouts;
    private final String myhostname;
    private CompletionStage<?> tail = CompletableFuture.completedFuture(null);

    private MilterConnection conn;
    private int protocol;
    private boolean heloSent;
    private boolean inTransaction;
    /** SMFIR_ACCEPT at connect or HELO: the milter wants nothing more of this session. */
    private boolean sessionAccepted;
    /** SMFIR_ACCEPT during a transaction: nothing more until the next MAIL. */
    private boolean transactionAccepted;
    private boolean skipBody;

    MilterConversation(Dialer dialer, MilterFilter.Timeouts timeouts, String myhostname) {
        this.dialer = dialer;
        this.timeouts = timeouts;
        this.myhostname = myhostname;
    }

    /** Runs {@code op} after every operation asked for before it; a failure breaks the connection. */
    private synchronized <T> CompletionStage<T> serial(Supplier<CompletionStage<T>> op) {
        CompletionStage<T> next = tail.handle((x, e) -> null).thenCompose(x -> op.get())
                .whenComplete((v, e) -> {
                    if (e != null) {
                        broken();
                    }
                });
        tail = next;
        return next;
    }

    CompletionStage<Verdict> connect(FilterContext ctx) {
        return serial(() -> open(ctx));
    }

    CompletionStage<Verdict> helo(FilterContext ctx) {
        return serial(() -> conn == null || sessionAccepted ? GO_ON : sendHelo(ctx));
    }

    CompletionStage<Verdict> mail(FilterContext ctx) {
        return serial(() -> beginTransaction(ctx));
    }

    CompletionStage<Verdict> rcpt(FilterContext ctx, String rcpt) {
        return serial(() -> skipping() ? GO_ON : recipient(rcpt));
    }

    /** DATA, the headers, the body and end of message; the transaction is replayed first if it was not seen. */
    CompletionStage<Verdict> message(FilterContext ctx, byte[] message) {
        return serial(() -> {
            CompletionStage<Verdict> start = inTransaction ? GO_ON : beginTransaction(ctx).thenCompose(v -> {
                if (v != null) {
                    return CompletableFuture.completedFuture(v);
                }
                return each(ctx.recipients(), this::recipient);
            });
            return start.thenCompose(v -> v != null || skipping() ? done(v) : content(ctx, message))
                    .whenComplete((v, e) -> inTransaction = false);
        });
    }

    /** RSET and friends: SMFIC_ABORT, which expects no reply, for a transaction the milter has seen. */
    void abort() {
        serial(() -> {
            if (conn != null && inTransaction) {
                conn.send(MilterPacket.of(MilterProtocol.ABORT));
            }
            inTransaction = false;
            transactionAccepted = false;
            return GO_ON;
        });
    }

    void quit() {
        serial(() -> {
            if (conn != null) {
                conn.send(MilterPacket.of(MilterProtocol.QUIT));
                conn.close();
                conn = null;
            }
            return GO_ON;
        });
    }

    private boolean skipping() {
        return conn == null || sessionAccepted || transactionAccepted;
    }

    private void broken() {
        if (conn != null) {
            conn.close();
            conn = null;
        }
        inTransaction = false;
    }

    private CompletionStage<Verdict> done(Verdict v) {
        return CompletableFuture.completedFuture(v);
    }

    private CompletionStage<Verdict> open(FilterContext ctx) {
        heloSent = false;
        sessionAccepted = false;
        return dialer.dial().thenCompose(c -> {
            conn = c;
            return negotiate();
        }).thenCompose(x -> command(MilterProtocol.CONNECT, connectMacros(ctx),
                MilterPacket.connect(ctx.clientAddress() == null ? "unknown" : "[" + ctx.clientAddress() + "]",
                        ctx.clientAddress(), 0), MilterProtocol.NOCONNECT, MilterProtocol.NR_CONN))
                .thenApply(v -> accepted(v, true));
    }

    private CompletionStage<Verdict> sendHelo(FilterContext ctx) {
        heloSent = true;
        return command(MilterProtocol.HELO, heloMacros(ctx),
                MilterPacket.strings(MilterProtocol.HELO, ctx.heloName() == null ? "" : ctx.heloName()),
                MilterProtocol.NOHELO, MilterProtocol.NR_HELO).thenApply(v -> accepted(v, true));
    }

    /** MAIL, after opening the conversation again (connect, HELO) when it is not open. */
    private CompletionStage<Verdict> beginTransaction(FilterContext ctx) {
        transactionAccepted = false;
        skipBody = false;
        CompletionStage<Verdict> ready = GO_ON;
        if (conn == null) {
            ready = open(ctx);
        }
        return ready.thenCompose(v -> v != null || sessionAccepted || heloSent || ctx.heloName() == null
                        ? done(v) : sendHelo(ctx))
                .thenCompose(v -> {
                    if (v != null || sessionAccepted) {
                        return done(v);
                    }
                    inTransaction = true;
                    return command(MilterProtocol.MAIL, mailMacros(ctx),
                            MilterPacket.strings(MilterProtocol.MAIL, "<" + ctx.mailFrom() + ">"),
                            MilterProtocol.NOMAIL, MilterProtocol.NR_MAIL).thenApply(r -> accepted(r, false));
                });
    }

    private CompletionStage<Verdict> recipient(String rcpt) {
        if (skipping()) {
            return GO_ON;
        }
        return command(MilterProtocol.RCPT, Map.of("{rcpt_addr}", rcpt), MilterPacket.strings(MilterProtocol.RCPT,
                "<" + rcpt + ">"), MilterProtocol.NORCPT, MilterProtocol.NR_RCPT).thenApply(r -> accepted(r, false));
    }

    private CompletionStage<Verdict> content(FilterContext ctx, byte[] message) {
        List<Supplier<CompletionStage<Verdict>>> steps = new ArrayList<>();
        steps.add(() -> command(MilterProtocol.DATA, Map.of(), MilterPacket.of(MilterProtocol.DATA),
                MilterProtocol.NODATA, MilterProtocol.NR_DATA));
        MessageEditor.Parsed parsed = MessageEditor.parse(message);
        for (MessageEditor.Field f : parsed.fields()) {
            steps.add(() -> command(MilterProtocol.HEADER, Map.of(),
                    MilterPacket.strings(MilterProtocol.HEADER, f.name(), f.value().replace("\r\n", "\n")),
                    MilterProtocol.NOHDRS, MilterProtocol.NR_HDR));
        }
        steps.add(() -> command(MilterProtocol.EOH, Map.of(), MilterPacket.of(MilterProtocol.EOH),
                MilterProtocol.NOEOH, MilterProtocol.NR_EOH));
        for (int off = parsed.bodyStart(); off < message.length; off += MilterProtocol.BODY_CHUNK) {
            byte[] chunk = Arrays.copyOfRange(message, off, Math.min(message.length, off + MilterProtocol.BODY_CHUNK));
            steps.add(() -> skipBody ? GO_ON : command(MilterProtocol.BODY, Map.of(),
                    new MilterPacket(MilterProtocol.BODY, chunk), MilterProtocol.NOBODY, MilterProtocol.NR_BODY));
        }
        return each(steps, s -> s.get()).thenCompose(v -> {
            if (v != null) {
                return done(v);
            }
            if (transactionAccepted) {
                return done(Verdict.proceed());
            }
            conn.send(MilterPacket.macros(MilterProtocol.BODYEOB, Map.of("i", ctx.queueId())));
            conn.send(MilterPacket.of(MilterProtocol.BODYEOB));
            return modifications(new Edits());
        });
    }

    /** Runs {@code step} over {@code items} in order until one decides or the milter accepted. */
    private <T> CompletionStage<Verdict> each(List<T> items, java.util.function.Function<T, CompletionStage<Verdict>> step) {
        CompletionStage<Verdict> chain = GO_ON;
        for (T item : items) {
            chain = chain.thenCompose(v -> v != null || skipping() ? done(v) : step.apply(item));
        }
        return chain;
    }

    private CompletionStage<Void> negotiate() {
        conn.send(MilterPacket.optneg(MilterProtocol.VERSION, MilterProtocol.ACTIONS, MilterProtocol.PROTOCOL));
        return conn.next(timeouts.command()).thenApply(p -> {
            if (p.code() != MilterProtocol.OPTNEG) {
                throw new MilterProtocolException("expected option negotiation, got '" + p.code() + "'");
            }
            if (p.intAt(0) < 2) {
                throw new MilterProtocolException("milter protocol version " + p.intAt(0) + " is too old");
            }
            // The milter may only ask for what we offered (Postfix milter8.c does the same check).
            protocol = p.intAt(8) & MilterProtocol.PROTOCOL;
            return null;
        });
    }

    private CompletionStage<Verdict> command(char stage, Map<String, String> macros, MilterPacket packet, int skipFlag,
                                             int noReplyFlag) {
        if ((protocol & skipFlag) != 0) {
            return GO_ON;
        }
        if (!macros.isEmpty()) {
            conn.send(MilterPacket.macros(stage, macros));
        }
        conn.send(packet);
        if ((protocol & noReplyFlag) != 0) {
            return GO_ON;
        }
        boolean content = stage == MilterProtocol.BODY || stage == MilterProtocol.EOH || stage == MilterProtocol.HEADER;
        return conn.next(content ? timeouts.content() : timeouts.command()).thenApply(p -> answer(p, stage));
    }

    /** A reply to a stage before end of message. */
    private Verdict answer(MilterPacket p, char stage) {
        return switch (p.code()) {
            case MilterProtocol.CONTINUE -> null;
            case MilterProtocol.SKIP -> {
                if (stage != MilterProtocol.BODY) {
                    throw new MilterProtocolException("SMFIR_SKIP outside the body");
                }
                skipBody = true;
                yield null;
            }
            case MilterProtocol.ACCEPT -> Verdict.proceed();
            default -> decision(p);
        };
    }

    /** Turns the CONTINUE that stands for SMFIR_ACCEPT into "skip the rest" of the session or transaction. */
    private Verdict accepted(Verdict v, boolean sessionStage) {
        if (v != null && v.action() == Verdict.Action.CONTINUE) {
            if (sessionStage) {
                sessionAccepted = true;
            } else {
                transactionAccepted = true;
            }
            return null;
        }
        return v;
    }

    private CompletionStage<Verdict> modifications(Edits edits) {
        return conn.next(timeouts.content()).thenCompose(p -> {
            switch (p.code()) {
                case MilterProtocol.ADDHEADER -> {
                    List<String> s = p.requireStrings(0, 2);
                    edits.headers.add(new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.ADD, 0, s.get(0), s.get(1)));
                }
                case MilterProtocol.INSHEADER, MilterProtocol.CHGHEADER -> {
                    List<String> s = p.requireStrings(4, 2);
                    edits.headers.add(new MessageEdits.HeaderEdit(p.code() == MilterProtocol.INSHEADER
                            ? MessageEdits.HeaderEdit.Kind.INSERT : MessageEdits.HeaderEdit.Kind.CHANGE,
                            p.intAt(0), s.get(0), s.get(1)));
                }
                case MilterProtocol.ADDRCPT, MilterProtocol.ADDRCPT_PAR -> edits.add.add(unbracket(p.requireStrings(0, 1).get(0)));
                case MilterProtocol.DELRCPT -> edits.delete.add(unbracket(p.requireStrings(0, 1).get(0)));
                case MilterProtocol.REPLBODY -> edits.body().writeBytes(p.payload());
                case MilterProtocol.QUARANTINE -> edits.quarantine = p.requireStrings(0, 1).get(0);
                case MilterProtocol.CHGFROM -> {
                    // We did not offer SMFIF_CHGFROM; a milter using it breaks the protocol.
                    throw new MilterProtocolException("SMFIR_CHGFROM was not negotiated");
                }
                case MilterProtocol.ACCEPT, MilterProtocol.CONTINUE -> {
                    return done(Verdict.edit(edits.build()));
                }
                default -> {
                    return done(decision(p));
                }
            }
            return modifications(edits);
        });
    }

    /** The replies that end the transaction: reject, tempfail, discard, or a reply of the milter's own. */
    static Verdict decision(MilterPacket p) {
        return switch (p.code()) {
            case MilterProtocol.REJECT -> Verdict.reject("550 5.7.1 Command rejected");
            case MilterProtocol.TEMPFAIL -> Verdict.tempfail("451 4.7.1 Service unavailable - try again later");
            case MilterProtocol.DISCARD -> new Verdict(Verdict.Action.DISCARD, null, List.of());
            case MilterProtocol.REPLYCODE -> replyCode(p.requireStrings(0, 1).get(0));
            default -> throw new MilterProtocolException("unexpected milter reply '" + p.code() + "'");
        };
    }

    /**
     * SMFIR_REPLYCODE: "5xx text" or "4xx text", possibly multi-line with CRLF. Like Postfix, a code that is not
     * 4xx/5xx is a protocol error; the reply's lines are passed to the client as they are.
     */
    static Verdict replyCode(String text) {
        String t = text.strip();
        if (t.length() < 3 || (t.charAt(0) != '4' && t.charAt(0) != '5') || !Character.isDigit(t.charAt(1))
                || !Character.isDigit(t.charAt(2)) || (t.length() > 3 && t.charAt(3) != ' ' && t.charAt(3) != '-')) {
            throw new MilterProtocolException("bad SMFIR_REPLYCODE " + t);
        }
        String[] lines = t.replace("\r\n", "\n").replace('\r', ' ').split("\n", -1);
        String code = t.substring(0, 3);
        for (int i = 0; i < lines.length; i++) {
            // RFC 5321 section 4.2.1: every line carries the same code, "-" on all but the last; otherwise the
            // client could read a different reply (a "250" line) than the verdict we act on.
            String l = lines[i];
            boolean last = i == lines.length - 1;
            if (!l.startsWith(code) || (l.length() > 3 && l.charAt(3) != (last ? ' ' : '-')) || (l.length() == 3 && !last)
                    || l.indexOf('\0') >= 0) {
                throw new MilterProtocolException("bad SMFIR_REPLYCODE " + t);
            }
        }
        String reply = String.join("\r\n", lines);
        return t.charAt(0) == '5' ? Verdict.reject(reply) : Verdict.tempfail(reply);
    }

    /** The macros Postfix sends at connect (milter_connect_macros). */
    private Map<String, String> connectMacros(FilterContext ctx) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("j", myhostname);
        m.put("{daemon_name}", ctx.listener());
        m.put("v", "mail-platform");
        m.put("_", "[" + ctx.clientAddress() + "]");
        m.put("{client_addr}", ctx.clientAddress());
        m.put("{client_name}", "[" + ctx.clientAddress() + "]");
        return m;
    }

    /** milter_helo_macros: the TLS state. */
    private static Map<String, String> heloMacros(FilterContext ctx) {
        Map<String, String> m = new LinkedHashMap<>();
        if (ctx.tlsVersion() != null) {
            m.put("{tls_version}", ctx.tlsVersion());
        }
        return m;
    }

    /** milter_mail_macros: queue id, SASL login, sender. */
    private static Map<String, String> mailMacros(FilterContext ctx) {
        Map<String, String> m = new LinkedHashMap<>();
        if (ctx.queueId() != null) {
            m.put("i", ctx.queueId());
        }
        m.put("{mail_addr}", ctx.mailFrom());
        if (ctx.authUser() != null) {
            m.put("{auth_type}", "PLAIN");
            m.put("{auth_authen}", ctx.authUser());
        }
        return m;
    }

    private static String unbracket(String a) {
        String s = a.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static final class Edits {
        final List<MessageEdits.HeaderEdit> headers = new ArrayList<>();
        final List<String> add = new ArrayList<>();
        final List<String> delete = new ArrayList<>();
        ByteArrayOutputStream body;
        String quarantine;

        ByteArrayOutputStream body() {
            if (body == null) {
                body = new ByteArrayOutputStream();
            }
            return body;
        }

        MessageEdits build() {
            return new MessageEdits(List.copyOf(headers), body == null ? null : body.toByteArray(), List.copyOf(add),
                    List.copyOf(delete), quarantine);
        }
    }
}
