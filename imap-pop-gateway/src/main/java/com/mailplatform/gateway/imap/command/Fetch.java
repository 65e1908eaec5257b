package com.mailplatform.gateway.imap.command;

import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.MessageMeta;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.SectionRequest;
import com.mailplatform.common.grpc.mailbox.UidSetRequest;
import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.SelectedMailbox;
import com.mailplatform.gateway.imap.parse.FetchAtt;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.response.Flags;
import com.mailplatform.gateway.imap.response.Response;
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
 * FETCH / UID FETCH (RFC 9051 section 6.4.5): flags, dates and sizes from the session's view, ENVELOPE and
 * BODYSTRUCTURE from the store's cache, body sections from the store one message at a time (so a large FETCH
 * never holds more than one message in memory). BODY[...] without PEEK sets \Seen first.
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
        List<FetchAtt> items = new ArrayList<>(c.items());
        if (c.uid() && !items.contains(FetchAtt.Simple.UID)) {
            items.add(0, FetchAtt.Simple.UID);
        }
        List<Integer> msns = sel.resolve(c.set(), c.uid());
        if (msns.isEmpty()) {
            return s.finish(c.tag(), "OK", "FETCH completed");
        }
        List<Long> uids = new ArrayList<>();
        msns.forEach(msn -> uids.add(sel.at(msn).getUid()));
        boolean setSeen = !sel.readOnly() && items.stream().anyMatch(i -> i instanceof FetchAtt.Section sec && !sec.peek());
        boolean needMeta = items.contains(FetchAtt.Simple.ENVELOPE) || items.contains(FetchAtt.Simple.BODYSTRUCTURE)
                || items.contains(FetchAtt.Simple.BODY);
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
        Map<Long, MessageMeta> meta = new HashMap<>();
        CompletionStage<Void> metaLoaded = !needMeta ? seen : seen.thenCompose(v -> s.call(s.store().fetchMeta(
                        UidSetRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId()).addAllUids(uids).build()))
                .thenAccept(r -> r.getMessagesList().forEach(m -> meta.put(m.getUid(), m))));
        CompletionStage<Void> chain = metaLoaded;
        for (int msn : msns) {
            chain = chain.thenCompose(v -> s.selected() != sel ? CommandHandler.done() : one(s, sel, msn, items, meta, flagsChanged, needMeta));
        }
        return chain.thenCompose(v -> s.finish(c.tag(), "OK", "FETCH completed"));
    }

    private static CompletionStage<Void> one(ImapSession s, SelectedMailbox sel, int msn, List<FetchAtt> items,
                                             Map<Long, MessageMeta> meta, Set<Long> flagsChanged, boolean needMeta) {
        MessageState m = sel.at(msn);
        MessageMeta mm = meta.get(m.getUid());
        if (needMeta && mm == null) {
            // expunged by another session meanwhile: nothing to say about it (RFC 9051 section 6.4.5 allows this)
            return CommandHandler.done();
        }
        Map<FetchAtt.Section, byte[]> sections = new HashMap<>();
        CompletionStage<Boolean> loaded = CompletableFuture.completedFuture(true);
        for (FetchAtt item : items) {
            if (item instanceof FetchAtt.Section sec) {
                loaded = loaded.thenCompose(ok -> {
                    if (!ok) {
                        return CompletableFuture.completedFuture(false);
                    }
                    SectionRequest request = SectionRequest.newBuilder().setAccount(s.account()).setMailboxId(sel.mailboxId())
                            .setUid(m.getUid()).setSection(sec.section()).addAllHeaderFields(sec.fields()).build();
                    return s.call(s.store().fetchSection(request)).thenApply(r -> {
                        sections.put(sec, r.getData().toByteArray());
                        return r.getFound();
                    });
                });
            }
        }
        return loaded.thenAccept(found -> {
            if (!found) {
                return;
            }
            Response out = new Response().text("* " + msn + " FETCH (");
            boolean first = true;
            boolean flagsSent = false;
            for (FetchAtt item : items) {
                if (!first) {
                    out.text(" ");
                }
                first = false;
                if (item instanceof FetchAtt.Section sec) {
                    out.text(sec.responseName() + " ").literal(partial(sections.get(sec), sec));
                    continue;
                }
                switch ((FetchAtt.Simple) item) {
                    case FLAGS -> {
                        out.text("FLAGS " + Flags.list(m.getFlagsList()));
                        flagsSent = true;
                    }
                    case UID -> out.text("UID " + m.getUid());
                    case INTERNALDATE -> out.text("INTERNALDATE \"" + INTERNALDATE.format(
                            Instant.ofEpochMilli(m.getInternalDateMillis()).atZone(ZoneOffset.UTC)) + "\"");
                    case RFC822_SIZE -> out.text("RFC822.SIZE " + m.getSize());
                    case ENVELOPE -> out.text("ENVELOPE " + mm.getEnvelope());
                    case BODYSTRUCTURE -> out.text("BODYSTRUCTURE " + mm.getBodystructure());
                    case BODY -> out.text("BODY " + mm.getBody());
                }
            }
            if (!flagsSent && flagsChanged.contains(m.getUid())) {
                // the client must learn that \Seen was set (RFC 9051 section 6.4.5)
                out.text(" FLAGS " + Flags.list(m.getFlagsList()));
            }
            out.text(")").crlf();
            s.write(out.bytes());
        });
    }

    /** BODY[...]&lt;start.length&gt;: the octets from start, at most length; empty past the end. */
    private static byte[] partial(byte[] data, FetchAtt.Section sec) {
        if (sec.partialStart() < 0) {
            return data;
        }
        if (sec.partialStart() >= data.length) {
            return new byte[0];
        }
        int from = (int) sec.partialStart();
        int to = (int) Math.min(data.length, from + sec.partialLength());
        return Arrays.copyOfRange(data, from, to);
    }
}
