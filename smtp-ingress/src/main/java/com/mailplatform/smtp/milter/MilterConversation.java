package com.mailplatform.smtp.milter;

import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.smtp.filter.Verdict;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One message through one milter, in the order Postfix uses: option negotiation, connect, HELO, MAIL, each RCPT,
 * DATA, each header, end of headers, body chunks, end of message (with the modification actions), quit. The
 * stages the milter left out in negotiation are not sent, and replies it said it would not give are not awaited.
 */
final class MilterConversation {

    /** Ends the conversation with this verdict (null: go on). ACCEPT from a milter ends it with CONTINUE. */
    private static final CompletionStage<Verdict> GO_ON = CompletableFuture.completedFuture(null);

    private final MilterConnection conn;
    private final FilterContext ctx;
    private final byte[] message;
    private final String myhostname;
    private final Duration commandTimeout;
    private final Duration contentTimeout;
    private int protocol;
    private boolean accepted;
    private boolean skipBody;
    private final List<String> rejectedRecipients = new ArrayList<>();
    private Verdict lastRecipientRefusal;

    MilterConversation(MilterConnection conn, FilterContext ctx, byte[] message, String myhostname,
                       Duration commandTimeout, Duration contentTimeout) {
        this.conn = conn;
        this.ctx = ctx;
        this.message = message;
        this.myhostname = myhostname;
        this.commandTimeout = commandTimeout;
        this.contentTimeout = contentTimeout;
    }

    CompletionStage<Verdict> run() {
        List<Supplier<CompletionStage<Verdict>>> steps = new ArrayList<>();
        steps.add(this::negotiate);
        steps.add(() -> command(MilterProtocol.CONNECT, connectMacros(),
                MilterPacket.connect(ctx.clientAddress() == null ? "unknown" : "[" + ctx.clientAddress() + "]",
                        ctx.clientAddress(), 0), MilterProtocol.NOCONNECT, MilterProtocol.NR_CONN, commandTimeout));
        steps.add(() -> command(MilterProtocol.HELO, heloMacros(),
                MilterPacket.strings(MilterProtocol.HELO, ctx.heloName() == null ? "" : ctx.heloName()),
                MilterProtocol.NOHELO, MilterProtocol.NR_HELO, commandTimeout));
        steps.add(() -> command(MilterProtocol.MAIL, mailMacros(),
                MilterPacket.strings(MilterProtocol.MAIL, "<" + ctx.mailFrom() + ">"),
                MilterProtocol.NOMAIL, MilterProtocol.NR_MAIL, commandTimeout));
        for (String rcpt : ctx.recipients()) {
            steps.add(() -> recipient(rcpt));
        }
        steps.add(this::afterRecipients);
        steps.add(() -> command(MilterProtocol.DATA, Map.of(), MilterPacket.of(MilterProtocol.DATA),
                MilterProtocol.NODATA, MilterProtocol.NR_DATA, commandTimeout));
        MessageEditor.Parsed parsed = MessageEditor.parse(message);
        for (MessageEditor.Field f : parsed.fields()) {
            steps.add(() -> command(MilterProtocol.HEADER, Map.of(),
                    MilterPacket.strings(MilterProtocol.HEADER, f.name(), f.value().replace("\r\n", "\n")),
                    MilterProtocol.NOHDRS, MilterProtocol.NR_HDR, commandTimeout));
        }
        steps.add(() -> command(MilterProtocol.EOH, Map.of(), MilterPacket.of(MilterProtocol.EOH),
                MilterProtocol.NOEOH, MilterProtocol.NR_EOH, commandTimeout));
        for (int off = parsed.bodyStart(); off < message.length; off += MilterProtocol.BODY_CHUNK) {
            byte[] chunk = Arrays.copyOfRange(message, off, Math.min(message.length, off + MilterProtocol.BODY_CHUNK));
            steps.add(() -> skipBody ? GO_ON : command(MilterProtocol.BODY, Map.of(),
                    new MilterPacket(MilterProtocol.BODY, chunk), MilterProtocol.NOBODY, MilterProtocol.NR_BODY,
                    contentTimeout));
        }
        return step(steps, 0).thenCompose(v -> v != null ? CompletableFuture.completedFuture(v) : endOfMessage())
                .whenComplete((v, e) -> {
                    if (e == null) {
                        conn.send(MilterPacket.of(MilterProtocol.QUIT));
                    }
                    conn.close();
                });
    }

    private CompletionStage<Verdict> step(List<Supplier<CompletionStage<Verdict>>> steps, int i) {
        if (i >= steps.size() || accepted) {
            return GO_ON;
        }
        return steps.get(i).get().thenCompose(v -> v != null ? CompletableFuture.completedFuture(v) : step(steps, i + 1));
    }

    private CompletionStage<Verdict> negotiate() {
        conn.send(MilterPacket.optneg(MilterProtocol.VERSION, MilterProtocol.ACTIONS, MilterProtocol.PROTOCOL));
        return conn.next(commandTimeout).thenApply(p -> {
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
                                             int noReplyFlag, Duration timeout) {
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
        return conn.next(timeout).thenApply(p -> answer(p, stage));
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
            case MilterProtocol.ACCEPT -> {
                accepted = true;
                yield null;
            }
            default -> decision(p);
        };
    }

    private CompletionStage<Verdict> recipient(String rcpt) {
        return command(MilterProtocol.RCPT, Map.of("{rcpt_addr}", rcpt), MilterPacket.strings(MilterProtocol.RCPT,
                "<" + rcpt + ">"), MilterProtocol.NORCPT, MilterProtocol.NR_RCPT, commandTimeout).thenApply(v -> {
                    if (v != null && (v.action() == Verdict.Action.REJECT || v.action() == Verdict.Action.TEMPFAIL)) {
                        // A refusal at RCPT refuses that recipient only (Postfix answers that RCPT TO with it).
                        rejectedRecipients.add(rcpt);
                        lastRecipientRefusal = v;
                        return null;
                    }
                    return v;
                });
    }

    private CompletionStage<Verdict> afterRecipients() {
        if (!rejectedRecipients.isEmpty() && rejectedRecipients.size() == ctx.recipients().size()) {
            return CompletableFuture.completedFuture(lastRecipientRefusal);
        }
        return GO_ON;
    }

    /** End of message: collect the modification actions until the final reply. */
    private CompletionStage<Verdict> endOfMessage() {
        if (accepted) {
            return CompletableFuture.completedFuture(withRefusedRecipients(MessageEdits.NONE));
        }
        conn.send(MilterPacket.macros(MilterProtocol.BODYEOB, Map.of("i", ctx.queueId())));
        conn.send(MilterPacket.of(MilterProtocol.BODYEOB));
        return modifications(new Edits());
    }

    private CompletionStage<Verdict> modifications(Edits edits) {
        return conn.next(contentTimeout).thenCompose(p -> {
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
                    return CompletableFuture.completedFuture(withRefusedRecipients(edits.build()));
                }
                default -> {
                    Verdict v = decision(p);
                    return CompletableFuture.completedFuture(v);
                }
            }
            return modifications(edits);
        });
    }

    private Verdict withRefusedRecipients(MessageEdits edits) {
        if (rejectedRecipients.isEmpty()) {
            return Verdict.edit(edits);
        }
        return Verdict.edit(edits.then(new MessageEdits(List.of(), null, List.of(), List.copyOf(rejectedRecipients), null)));
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
        String reply = t.replace("\r\n", "\n").replace('\r', ' ').replace("\n", "\r\n");
        return t.charAt(0) == '5' ? Verdict.reject(reply) : Verdict.tempfail(reply);
    }

    private Map<String, String> connectMacros() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("j", myhostname);
        m.put("{daemon_name}", ctx.listener());
        m.put("v", "mail-platform");
        m.put("_", "[" + ctx.clientAddress() + "]");
        m.put("{client_addr}", ctx.clientAddress());
        m.put("{client_name}", "[" + ctx.clientAddress() + "]");
        return m;
    }

    private Map<String, String> heloMacros() {
        Map<String, String> m = new LinkedHashMap<>();
        if (ctx.tls()) {
            m.put("{tls_version}", "TLSv1.2+");
        }
        return m;
    }

    private Map<String, String> mailMacros() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("i", ctx.queueId());
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
