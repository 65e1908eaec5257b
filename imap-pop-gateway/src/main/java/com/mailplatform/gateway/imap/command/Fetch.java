package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.SectionSpec;
import com.mailplatform.common.imap.HeaderFields;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.FetchAtt;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.Flags;
import com.mailplatform.gateway.imap.response.Response;
import com.mailplatform.gateway.read.Fetched;
import com.mailplatform.gateway.read.MessageAssembler;
import com.mailplatform.gateway.read.TransferDecoding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * FETCH / UID FETCH (RFC 9051 section 6.4.5): flags, dates and sizes from the session's view; ENVELOPE,
 * BODYSTRUCTURE and body sections of the whole set from one FetchMessages call (bodies streamed, one message held
 * at a time), minus what the gateway's cache of immutable parts already has. BODY[...] without PEEK sets \Seen
 * first. Responses go out in sequence order.
 */
final class Fetch implements CommandHandler<ImapCommand.Fetch> {

    private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Fetch c, ImapSession s) {
        SelectedMailbox sel = s.selected();
        // each item once: "FETCH 1 (FLAGS FLAGS)" must not answer FLAGS twice (RFC 3501 section 7.4.2 lists each once)
        List<FetchAtt> items = new ArrayList<>(new java.util.LinkedHashSet<>(c.items()));
        if (c.uid() && !items.contains(FetchAtt.Simple.UID)) {
            items.add(0, FetchAtt.Simple.UID);
        }
        long changedSince = c.modifiers().changedSince();
        if (c.modifiers().vanished() && !s.qresync()) {
            // RFC 7162 section 3.2.6: VANISHED before ENABLE QRESYNC is an error
            return CommandHandler.reply(s, c.tag(), "BAD", "QRESYNC is not enabled");
        }
        if (changedSince >= 0 && !items.contains(FetchAtt.Simple.MODSEQ)) {
            // RFC 7162 section 3.1.4.1: CHANGEDSINCE implies MODSEQ
            items.add(FetchAtt.Simple.MODSEQ);
        }
        if (items.contains(FetchAtt.Simple.MODSEQ)) {
            s.enableCondstore();
        }
        List<Integer> msns = sel.resolve(c.set(), c.uid());
        if (changedSince >= 0) {
            msns.removeIf(msn -> sel.at(msn).getModseq() <= changedSince);
        }
        if (c.modifiers().vanished()) {
            // RFC 7162 section 3.2.6: the UIDs of the set expunged since CHANGEDSINCE, before the FETCH responses
            List<Integer> chosen = msns;
            return Qresync.vanishedEarlier(s, sel, changedSince, c.set()).thenCompose(line -> {
                if (line != null && s.selected() == sel) {
                    s.untagged(line);
                }
                return fetch(c, s, sel, items, chosen);
            });
        }
        return fetch(c, s, sel, items, msns);
    }

    private CompletionStage<Void> fetch(ImapCommand.Fetch c, ImapSession s, SelectedMailbox sel, List<FetchAtt> items, List<Integer> msns) {
        if (msns.isEmpty()) {
            return s.finish(c.tag(), "OK", "FETCH completed");
        }
        boolean setSeen = !sel.readOnly() && items.stream().anyMatch(i -> i instanceof FetchAtt.Section sec && !sec.peek()
                || i instanceof FetchAtt.Binary bin && !bin.peek() && !bin.size());
        boolean needMeta = items.contains(FetchAtt.Simple.ENVELOPE) || items.contains(FetchAtt.Simple.BODYSTRUCTURE)
                || items.contains(FetchAtt.Simple.BODY);
        // each distinct section once, whatever partials ask for it; every field list of the top-level header is cut
        // here from one HEADER section, so clients' many different lists share one cached header per message
        List<SectionSpec> specs = new ArrayList<>();
        Map<FetchAtt.Section, Integer> specOf = new HashMap<>();
        Map<FetchAtt.Binary, int[]> binaryOf = new HashMap<>();
        for (FetchAtt item : items) {
            if (item instanceof FetchAtt.Binary bin) {
                // BINARY: the part and its MIME header (which names the encoding), both ordinary sections
                binaryOf.put(bin, new int[]{specIndex(specs, SectionSpec.newBuilder().setSection(bin.section()).build()),
                        bin.section().isEmpty() ? -1 : specIndex(specs, SectionSpec.newBuilder().setSection(bin.section() + ".MIME").build())});
            }
            if (item instanceof FetchAtt.Section sec) {
                SectionSpec spec = fieldsOfHeader(sec) != null ? HEADER
                        : SectionSpec.newBuilder().setSection(sec.section()).addAllHeaderFields(sec.fields()).build();
                int i = specs.indexOf(spec);
                if (i < 0) {
                    i = specs.size();
                    specs.add(spec);
                }
                specOf.put(sec, i);
            }
        }
        Set<Long> flagsChanged = new HashSet<>();
        CompletionStage<Void> seen = CommandHandler.done();
        if (setSeen) {
            List<Long> unseen = new ArrayList<>();
            msns.forEach(msn -> {
                if (!Flags.has(sel.at(msn).getFlagsList(), "\\Seen")) {
                    unseen.add(sel.at(msn).getUid());
                }
            });
            if (!unseen.isEmpty()) {
                FlagUpdateRequest request = FlagUpdateRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                        .addAllUids(unseen).setMode(FlagUpdateRequest.Mode.ADD).addFlags("\\Seen").build();
                seen = s.call(s.store().updateFlags(request)).thenAccept(r -> r.getUpdatedList().forEach(m -> {
                    sel.replace(m);
                    flagsChanged.add(m.getUid());
                }));
            }
        }
        Writer writer = new Writer(s, sel, msns, items, specOf, flagsChanged, needMeta || !specs.isEmpty());
        writer.binaryOf = binaryOf;
        return seen.thenCompose(v -> {
            if (s.selected() != sel) {
                return CommandHandler.done();
            }
            List<Long> missing = new ArrayList<>();
            if (needMeta || !specs.isEmpty()) {
                for (int i = 0; i < msns.size(); i++) {
                    long uid = sel.at(msns.get(i)).getUid();
                    Fetched cached = s.cache().get(sel.mailboxId(), uid, needMeta, specs);
                    if (cached == null) {
                        missing.add(uid);
                    } else {
                        writer.ready[i] = cached;
                    }
                }
            }
            if (missing.isEmpty()) {
                writer.flushUpTo(Long.MAX_VALUE);
                return CommandHandler.done();
            }
            FetchMessagesRequest request = FetchMessagesRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                    .addAllUids(missing).setMeta(needMeta).addAllSections(specs).build();
            return s.fetchMessages(request, new MessageAssembler(specs.size(), m -> {
                        if (s.selected() != sel) {
                            return CompletableFuture.failedFuture(new IllegalStateException("mailbox no longer selected"));
                        }
                        s.cache().put(sel.mailboxId(), m, specs);
                        writer.flushUpTo(m.uid() - 1);
                        writer.write(m);
                        return s.drained();
                    }))
                    .thenRun(() -> writer.flushUpTo(Long.MAX_VALUE));
        }).thenCompose(v -> writer.unknownEncoding
                // RFC 3516 section 4.3: a part whose encoding cannot be undone fails the command (its message got no response)
                ? s.finish(c.tag(), "NO", "[UNKNOWN-CTE] cannot decode a part's Content-Transfer-Encoding")
                : s.finish(c.tag(), "OK", "FETCH completed"));
    }

    /** Writes the responses in sequence order: cached messages as their turn comes, fetched ones as they arrive. */
    private static final class Writer {

        private final ImapSession s;
        private final SelectedMailbox sel;
        private final List<Integer> msns;
        private final List<FetchAtt> items;
        private final Map<FetchAtt.Section, Integer> specOf;
        private final Set<Long> flagsChanged;
        private final boolean needParts;
        final Fetched[] ready;
        private int next;
        Map<FetchAtt.Binary, int[]> binaryOf = Map.of();
        boolean unknownEncoding;

        Writer(ImapSession s, SelectedMailbox sel, List<Integer> msns, List<FetchAtt> items, Map<FetchAtt.Section, Integer> specOf,
               Set<Long> flagsChanged, boolean needParts) {
            this.s = s;
            this.sel = sel;
            this.msns = msns;
            this.items = items;
            this.specOf = specOf;
            this.flagsChanged = flagsChanged;
            this.needParts = needParts;
            this.ready = new Fetched[msns.size()];
        }

        /** Every message before {@code uid}'s turn that needs nothing from the store; a fetched message is skipped when it did not come (expunged meanwhile: RFC 9051 section 6.4.5 lets the server say nothing of it). */
        void flushUpTo(long uid) {
            while (next < msns.size() && sel.at(msns.get(next)).getUid() <= uid) {
                if (!needParts || ready[next] != null) {
                    writeRendered(render(msns.get(next), ready[next]));
                }
                next++;
            }
        }

        void write(Fetched m) {
            if (next < msns.size() && sel.at(msns.get(next)).getUid() == m.uid()) {
                writeRendered(render(msns.get(next), m));
                next++;
            }
        }

        private void writeRendered(byte[] response) {
            if (response != null) {
                s.write(response);
            }
        }

        /** Null when a BINARY item's encoding is unknown: that message gets no response and the command NO. */
        private byte[] render(int msn, Fetched f) {
            MessageState m = sel.at(msn);
            Response out = new Response().text("* " + msn + " FETCH (");
            boolean first = true;
            boolean flagsSent = false;
            for (FetchAtt item : items) {
                if (!first) {
                    out.text(" ");
                }
                first = false;
                if (item instanceof FetchAtt.Binary bin) {
                    int[] at = binaryOf.get(bin);
                    byte[] data = f.sections().get(at[0]).toByteArray();
                    try {
                        data = at[1] < 0 ? data : TransferDecoding.decode(data, f.sections().get(at[1]).toByteArray());
                    } catch (TransferDecoding.UnknownEncoding e) {
                        unknownEncoding = true;
                        return null;
                    }
                    out.text(bin.responseName() + " ");
                    if (bin.size()) {
                        out.text(String.valueOf(data.length));
                    } else {
                        out.binaryLiteral(partial(data, bin.partialStart(), bin.partialLength()));
                    }
                    continue;
                }
                if (item instanceof FetchAtt.Section sec) {
                    byte[] data = f.sections().get(specOf.get(sec)).toByteArray();
                    Boolean keep = fieldsOfHeader(sec);
                    if (keep != null) {
                        data = HeaderFields.filter(data, sec.fields(), keep);
                    }
                    out.text(sec.responseName() + " ").literal(partial(data, sec));
                    continue;
                }
                if (item instanceof FetchAtt.Extra x) {
                    out.text(extra(x, m));
                    continue;
                }
                switch ((FetchAtt.Simple) item) {
                    case FLAGS -> {
                        out.text("FLAGS " + Flags.list(sel.flags(m)));
                        flagsSent = true;
                    }
                    case UID -> out.text("UID " + m.getUid());
                    case INTERNALDATE -> out.text("INTERNALDATE \"" + INTERNALDATE.format(
                            Instant.ofEpochMilli(m.getInternalDateMillis()).atZone(ZoneOffset.UTC)) + "\"");
                    case RFC822_SIZE -> out.text("RFC822.SIZE " + m.getSize());
                    case ENVELOPE -> out.text("ENVELOPE " + f.meta().getEnvelope());
                    case BODYSTRUCTURE -> out.text("BODYSTRUCTURE " + f.meta().getBodystructure());
                    case BODY -> out.text("BODY " + f.meta().getBody());
                    case MODSEQ -> out.text("MODSEQ (" + m.getModseq() + ")");
                }
            }
            if (!flagsSent && flagsChanged.contains(m.getUid())) {
                // the client must learn that \Seen was set (RFC 9051 section 6.4.5), with its MODSEQ (RFC 7162 3.1)
                out.text(" FLAGS " + Flags.list(sel.flags(m)));
                if (!items.contains(FetchAtt.Simple.MODSEQ)) {
                    out.text(sel.modseqItem(m));
                }
            }
            out.text(")").crlf();
            return out.bytes();
        }
    }

    private static final SectionSpec HEADER = SectionSpec.newBuilder().setSection("HEADER").build();

    /** RFC 8514 SAVEDATE (NIL when unknown, section 4.1), RFC 8474 EMAILID and THREADID (NIL: no stored thread id). */
    private static String extra(FetchAtt.Extra x, MessageState m) {
        return switch (x) {
            case SAVEDATE -> "SAVEDATE " + (m.getSaveDateMillis() == 0 ? "NIL"
                    : "\"" + INTERNALDATE.format(Instant.ofEpochMilli(m.getSaveDateMillis()).atZone(ZoneOffset.UTC)) + "\"");
            case EMAILID -> "EMAILID " + com.mailplatform.gateway.imap.response.ObjectIds.emailId(m.getEmailId());
            case THREADID -> "THREADID NIL";
        };
    }

    /** For the top level's HEADER.FIELDS true, HEADER.FIELDS.NOT false (both cut from HEADER); null for any other section. */
    private static Boolean fieldsOfHeader(FetchAtt.Section sec) {
        String s = sec.section().toUpperCase(Locale.ROOT);
        return s.equals("HEADER.FIELDS") ? Boolean.TRUE : s.equals("HEADER.FIELDS.NOT") ? Boolean.FALSE : null;
    }

    /** BODY[...]&lt;start.length&gt;: the octets from start, at most length; empty past the end. */
    private static byte[] partial(byte[] data, FetchAtt.Section sec) {
        return partial(data, sec.partialStart(), sec.partialLength());
    }

    private static byte[] partial(byte[] data, long start, long length) {
        if (start < 0) {
            return data;
        }
        if (start >= data.length) {
            return new byte[0];
        }
        int from = (int) start;
        int to = (int) Math.min(data.length, from + length);
        return Arrays.copyOfRange(data, from, to);
    }

    private static int specIndex(List<SectionSpec> specs, SectionSpec spec) {
        int i = specs.indexOf(spec);
        if (i < 0) {
            specs.add(spec);
            return specs.size() - 1;
        }
        return i;
    }
}
