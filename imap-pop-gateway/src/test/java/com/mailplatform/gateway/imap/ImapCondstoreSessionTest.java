package com.mailplatform.gateway.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.ExpungeDeletedReply;
import com.mailplatform.common.grpc.mailbox.ExpungeDeletedRequest;
import com.mailplatform.common.grpc.mailbox.FlagUpdateReply;
import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.FolderChangesReply;
import com.mailplatform.common.grpc.mailbox.FolderChangesRequest;
import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.gateway.LineClient;
import com.mailplatform.gateway.pop3.FakeMailboxStore;
import com.mailplatform.gateway.read.MessageCache;
import com.mailplatform.gateway.read.MessageReader;
import io.grpc.Status;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONDSTORE/QRESYNC (RFC 7162) in the session over real sockets, with a one-folder in-memory store that keeps
 * MODSEQs and expunge tombstones the way mailbox-store does.
 */
class ImapCondstoreSessionTest {

    private static final String ALICE = "alice@example.org";
    private static final long BOX = 7;

    private Vertx vertx;
    private ImapServer server;
    /** uid -> state; tombstones uid -> modseq. */
    private final TreeMap<Long, MessageState> messages = new TreeMap<>();
    private final TreeMap<Long, Long> tombstones = new TreeMap<>();
    private long highest = 10;
    private long uidnext = 6;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        for (long uid = 1; uid <= 5; uid++) {
            messages.put(uid, MessageState.newBuilder().setUid(uid).setModseq(uid).build());
        }
        FakeMailboxStore accounts = new FakeMailboxStore();
        accounts.account(ALICE, "pw");
        ImapConfig config = new SmallRyeConfigBuilder().withMapping(ImapConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of("imap.port", "0", "imap.tls-port", "-1", "imap.instances", "1", "imap.allow-plaintext-auth", "true"))
                .build().getConfigMapping(ImapConfig.class);
        MailboxImap store = (MailboxImap) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MailboxImap.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "openFolder" -> Uni.createFrom().item(open((FolderRequest) args[0]));
                    case "folderChanges" -> Uni.createFrom().item(changes((FolderChangesRequest) args[0]));
                    case "updateFlags" -> Uni.createFrom().item(update((FlagUpdateRequest) args[0]));
                    case "expungeDeleted" -> Uni.createFrom().item(expunge((ExpungeDeletedRequest) args[0]));
                    case "watchChanges" -> Multi.createFrom().nothing();
                    default -> method.getReturnType() == Uni.class
                            ? Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException()) : Multi.createFrom().empty();
                });
        AuthPenalty penalty = new AuthPenalty(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ZERO, Duration.ZERO, 30, 10, 1000);
        server = new ImapServer(vertx, store, accounts, config, new ChangeListener(store, vertx),
                new MessageReader(store, new MessageCache(0, 0), vertx), penalty);
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private synchronized FolderSnapshot open(FolderRequest r) {
        FolderInfo f = FolderInfo.newBuilder().setMailboxId(BOX).setName("INBOX").setUidvalidity(42).setUidnext(uidnext)
                .setHighestmodseq(highest).build();
        return FolderSnapshot.newBuilder().setFound(true).setFolder(f).addAllMessages(messages.values()).build();
    }

    private synchronized FolderChangesReply changes(FolderChangesRequest r) {
        FolderChangesReply.Builder b = FolderChangesReply.newBuilder().setFound(true).setHighestmodseq(highest).setUidnext(uidnext);
        if (!r.getExpungedOnly()) {
            messages.values().stream().filter(m -> m.getModseq() > r.getSinceModseq()).forEach(b::addChanged);
        }
        tombstones.forEach((uid, ms) -> {
            if (ms > r.getSinceModseq()) {
                b.addExpungedUids(uid);
            }
        });
        return b.build();
    }

    private synchronized FlagUpdateReply update(FlagUpdateRequest r) {
        long modseq = ++highest;
        FlagUpdateReply.Builder b = FlagUpdateReply.newBuilder();
        for (long uid : r.getUidsList()) {
            MessageState m = messages.get(uid);
            if (m == null) {
                continue;
            }
            if (r.getConditional() && m.getModseq() > r.getUnchangedSince()) {
                b.addModifiedUids(uid);
                continue;
            }
            List<String> flags = new ArrayList<>(r.getMode() == FlagUpdateRequest.Mode.REPLACE ? List.of() : m.getFlagsList());
            if (r.getMode() == FlagUpdateRequest.Mode.REMOVE) {
                flags.removeAll(r.getFlagsList());
            } else {
                r.getFlagsList().stream().filter(f -> !flags.contains(f)).forEach(flags::add);
            }
            if (!flags.equals(m.getFlagsList())) {
                m = m.toBuilder().clearFlags().addAllFlags(flags).setModseq(modseq).build();
                messages.put(uid, m);
            }
            b.addUpdated(m);
        }
        return b.build();
    }

    private synchronized ExpungeDeletedReply expunge(ExpungeDeletedRequest r) {
        return expungeNow(r.getUidsList());
    }

    /** What another session's EXPUNGE does: tombstones at a new MODSEQ. */
    private synchronized ExpungeDeletedReply expungeNow(List<Long> uids) {
        long modseq = ++highest;
        ExpungeDeletedReply.Builder b = ExpungeDeletedReply.newBuilder().setHighestmodseq(modseq);
        for (long uid : uids.isEmpty() ? List.copyOf(messages.keySet()) : uids) {
            MessageState m = messages.get(uid);
            if (m != null && (uids.contains(uid) || m.getFlagsList().contains("\\Deleted"))) {
                messages.remove(uid);
                tombstones.put(uid, modseq);
                b.addExpungedUids(uid);
            }
        }
        return b.build();
    }

    private LineClient login() throws Exception {
        LineClient c = LineClient.connect(server.plainPort());
        assertTrue(c.line().startsWith("* OK [CAPABILITY"));
        c.send("a LOGIN " + ALICE + " pw");
        assertTrue(c.line().startsWith("a OK"));
        return c;
    }

    @Test
    void condstoreSelectStoreFetchAndSearch() throws Exception {
        try (LineClient c = login()) {
            c.send("c CAPABILITY");
            assertTrue(c.until("c").get(0).contains(" CONDSTORE QRESYNC"));
            c.send("s SELECT INBOX (CONDSTORE)");
            assertTrue(c.until("s").contains("* OK [HIGHESTMODSEQ 10] highest"));
            c.send("f1 FETCH 2:3 (FLAGS) (CHANGEDSINCE 2)");
            assertEquals(List.of("* 3 FETCH (FLAGS () MODSEQ (3))", "f1 OK FETCH completed"), c.until("f1"));
            // message 2 changed by "another client" after the client read MODSEQ 10
            update(FlagUpdateRequest.newBuilder().addUids(2).setMode(FlagUpdateRequest.Mode.ADD).addFlags("$X").build());
            c.send("st STORE 1:2 (UNCHANGEDSINCE 10) +FLAGS.SILENT (\\Seen)");
            List<String> st = c.until("st");
            assertEquals(List.of("* 1 FETCH (MODSEQ (12))", "st OK [MODIFIED 2] conditional STORE failed"), st);
            c.send("u UID STORE 3 +FLAGS (\\Flagged)");
            assertEquals(List.of("* 3 FETCH (FLAGS (\\Flagged) UID 3 MODSEQ (13))", "u OK STORE completed"), c.until("u"));
            c.send("se SEARCH MODSEQ 12");
            assertEquals("* SEARCH 1 3 (MODSEQ 13)", c.until("se").get(0));
            c.send("es SEARCH RETURN (MIN) MODSEQ \"/flags/\\\\seen\" all 12");
            assertEquals("* ESEARCH (TAG \"es\") MIN 1 MODSEQ 12", c.until("es").get(0));
            c.send("n NOOP");
            List<String> n = c.until("n");
            assertTrue(n.contains("* 2 FETCH (UID 2 FLAGS ($X) MODSEQ (11))"), n.toString());
            // CONDSTORE without QRESYNC: removals are still EXPUNGE
            expungeNow(List.of(4L));
            c.send("n2 NOOP");
            assertEquals(List.of("* 4 EXPUNGE", "n2 OK NOOP completed"), c.until("n2"));
            c.send("bad SELECT INBOX (QRESYNC (42 1))");
            assertEquals(List.of("bad BAD QRESYNC is not enabled"), c.until("bad"));
        }
    }

    /** Enabling CONDSTORE by a command in the selected state tells HIGHESTMODSEQ at once (imaptest esearch-condstore). */
    @Test
    void firstCondstoreCommandTellsHighestModseq() throws Exception {
        try (LineClient c = login()) {
            c.send("s SELECT INBOX");
            assertTrue(c.until("s").contains("* OK [HIGHESTMODSEQ 10] highest"), "every SELECT tells it");
            c.send("f FETCH 1 MODSEQ");
            assertEquals(List.of("* OK [HIGHESTMODSEQ 10] CONDSTORE enabled", "* 1 FETCH (MODSEQ (1))", "f OK FETCH completed"), c.until("f"));
        }
    }

    @Test
    void qresyncSelectVanishedEarlierAndVanishedAfterwards() throws Exception {
        // the client last saw MODSEQ 10; then 2 was flagged, 4 expunged
        update(FlagUpdateRequest.newBuilder().addUids(2).setMode(FlagUpdateRequest.Mode.ADD).addFlags("\\Seen").build());
        expungeNow(List.of(4L));
        try (LineClient c = login()) {
            c.send("e ENABLE QRESYNC");
            assertEquals(List.of("* ENABLED QRESYNC", "e OK ENABLE completed"), c.until("e"));
            c.send("s SELECT INBOX (QRESYNC (42 10 1:5))");
            List<String> s = c.until("s");
            int vanished = s.indexOf("* VANISHED (EARLIER) 4");
            int fetch = s.indexOf("* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (11))");
            assertTrue(vanished > 0 && fetch > vanished, s.toString());
            assertEquals(s.size() - 1, fetch + 1, "nothing else changed: " + s);
            c.send("f UID FETCH 1:* (FLAGS) (CHANGEDSINCE 10 VANISHED)");
            assertEquals(List.of("* VANISHED (EARLIER) 4", "* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (11))", "f OK FETCH completed"), c.until("f"));
            // another session expunges 5: VANISHED, with the HIGHESTMODSEQ after it
            expungeNow(List.of(5L));
            c.send("n NOOP");
            assertEquals(List.of("* VANISHED 5", "* OK [HIGHESTMODSEQ 13] after expunges", "n OK NOOP completed"), c.until("n"));
            c.send("d STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertEquals(List.of("* 1 FETCH (UID 1 MODSEQ (14))", "d OK STORE completed"), c.until("d"));
            c.send("x EXPUNGE");
            assertEquals(List.of("* VANISHED 1", "x OK [HIGHESTMODSEQ 15] EXPUNGE completed"), c.until("x"));
            c.send("s2 SELECT INBOX (QRESYNC (41 10))");
            List<String> s2 = c.until("s2");
            assertEquals("* OK [CLOSED] previous mailbox closed", s2.get(0));
            assertTrue(s2.stream().noneMatch(l -> l.contains("VANISHED") || l.contains("FETCH")), "another UIDVALIDITY: no resync " + s2);
        }
    }
}
