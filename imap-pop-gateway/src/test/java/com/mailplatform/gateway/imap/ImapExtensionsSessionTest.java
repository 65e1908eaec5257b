package com.mailplatform.gateway.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.gateway.LineClient;
import com.mailplatform.gateway.pop3.FakeMailboxStore;
import com.mailplatform.gateway.read.MessageCache;
import com.mailplatform.gateway.read.MessageReader;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's parser bugs and extensions through the session over real sockets, with an in-memory INBOX
 * ({@link FakeImapStore}) and a fixed clock: '~' atoms, SENT* dates, LITERAL-, UNAUTHENTICATE, MULTIAPPEND, WITHIN,
 * SEARCHRES, STATUS=SIZE, SAVEDATE and OBJECTID.
 */
class ImapExtensionsSessionTest {

    private static final String ALICE = "alice@example.org";
    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");

    private Vertx vertx;
    private FakeImapStore store;
    private ImapServer server;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        FakeMailboxStore accounts = new FakeMailboxStore();
        accounts.account(ALICE, "secret pass");
        store = new FakeImapStore();
        ImapConfig config = new SmallRyeConfigBuilder().withMapping(ImapConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of("imap.port", "0", "imap.tls-port", "-1", "imap.instances", "1", "imap.allow-plaintext-auth", "true"))
                .build().getConfigMapping(ImapConfig.class);
        AuthPenalty penalty = new AuthPenalty(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofMillis(1), Duration.ofMillis(5), 30, 10, 1000);
        server = new ImapServer(vertx, store.imap(), accounts, config, new ChangeListener(store.imap(), vertx),
                new MessageReader(store.imap(), new MessageCache(0, 0), vertx), penalty);
        server.clock(Clock.fixed(NOW, ZoneOffset.UTC));
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private LineClient connect() throws IOException {
        LineClient c = LineClient.connect(server.plainPort());
        assertTrue(c.line().startsWith("* OK [CAPABILITY"));
        return c;
    }

    private LineClient login() throws IOException {
        LineClient c = connect();
        c.send("l LOGIN " + ALICE + " \"secret pass\"");
        assertTrue(c.line().startsWith("l OK"));
        return c;
    }

    private static long day(int y, int m, int d) {
        return LocalDate.of(y, m, d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private void threeMessages() {
        long hour = 3_600_000;
        store.add(MessageState.newBuilder().setSize(100).setInternalDateMillis(NOW.toEpochMilli() - 48 * hour)
                .setSentDateMillis(day(2023, 1, 2)).setSaveDateMillis(day(2026, 5, 1)).setEmailId("Eaaa").addFlags("\\Seen"));
        store.add(MessageState.newBuilder().setSize(200).setInternalDateMillis(NOW.toEpochMilli() - 2 * hour)
                .setSentDateMillis(day(2023, 1, 3)).setSaveDateMillis(day(2026, 5, 10)).setEmailId("Ebbb"));
        store.add(MessageState.newBuilder().setSize(300).setInternalDateMillis(NOW.toEpochMilli() - 60_000).addFlags("\\Seen"));
    }

    private LineClient selected() throws IOException {
        threeMessages();
        LineClient c = login();
        c.send("s SELECT INBOX");
        List<String> sel = c.until("s");
        assertTrue(sel.get(sel.size() - 1).startsWith("s OK"), sel.toString());
        assertTrue(sel.contains("* OK [MAILBOXID (F" + FakeImapStore.MAILBOX_ID + ")] Ok"), sel.toString());
        return c;
    }

    /** Issue 14: "SELECT ~foo" and "CREATE ~foo" got "BAD expected '{'". */
    @Test
    void tildeMailboxNamesReachTheStore() throws Exception {
        try (LineClient c = login()) {
            c.send("a SELECT ~foo");
            assertEquals("a NO [NONEXISTENT] no such mailbox", c.line());
            // RFC 8474 section 4.1: CREATE tells the new mailbox's MAILBOXID
            c.send("b CREATE ~foo");
            assertEquals("b OK [MAILBOXID (F100)] CREATE completed", c.line());
            assertEquals(List.of("~foo"), store.created);
        }
    }

    /** RFC 7888: LITERAL- before login (non-synchronizing literals up to 4096 octets), LITERAL+ after. */
    @Test
    void literalMinusBeforeLoginLiteralPlusAfter() throws Exception {
        try (LineClient c = connect()) {
            c.send("c CAPABILITY");
            String caps = c.line();
            assertTrue(caps.contains(" LITERAL-") && !caps.contains("LITERAL+"), caps);
            c.line();
            c.write("l LOGIN {17+}\r\n" + ALICE + " {11+}\r\nsecret pass\r\n");
            assertTrue(c.line().startsWith("l OK"));
            c.send("d CAPABILITY");
            caps = c.line();
            assertTrue(caps.contains(" LITERAL+") && !caps.contains("LITERAL-"), caps);
        }
        try (LineClient c = connect()) {
            c.write("t LOGIN {4097+}\r\n");
            assertEquals("t BAD [TOOBIG] literal too big", c.line());
            assertTrue(c.line().startsWith("* BYE"));
        }
    }

    /** RFC 8437: back to not authenticated on the same connection, and in again. */
    @Test
    void unauthenticate() throws Exception {
        try (LineClient c = selected()) {
            c.send("c CAPABILITY");
            assertTrue(c.line().contains(" UNAUTHENTICATE"));
            c.line();
            c.send("u UNAUTHENTICATE");
            assertEquals("u OK UNAUTHENTICATE completed", c.line());
            c.send("f FETCH 1 FLAGS");
            assertEquals("f BAD command not valid in this state", c.line());
            c.send("c2 CAPABILITY");
            assertTrue(c.line().contains("AUTH=PLAIN"));
            c.line();
            c.send("u2 UNAUTHENTICATE");
            assertEquals("u2 BAD command not valid in this state", c.line());
            c.send("l2 LOGIN " + ALICE + " \"secret pass\"");
            assertTrue(c.line().startsWith("l2 OK"));
        }
    }

    /** RFC 3502: one APPEND, several messages, one store request, APPENDUID with the uid-set. */
    @Test
    void multiappend() throws Exception {
        try (LineClient c = login()) {
            c.write("a APPEND INBOX (\\Seen) {3+}\r\none \"1-jan-2020 00:00:00 +0000\" {3+}\r\ntwo {5+}\r\nthree\r\n");
            assertEquals("a OK [APPENDUID " + FakeImapStore.UIDVALIDITY + " 1:3] APPEND completed", c.line());
            assertEquals(1, store.appends.size());
            assertEquals(2, store.appends.get(0).getMoreCount());
            assertEquals(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli(), store.appends.get(0).getMore(0).getInternalDateMillis());
            c.write("b APPEND INBOX {1+}\r\nx {0+}\r\n\r\n");
            assertEquals("b NO empty message", c.line());
            assertEquals(1, store.appends.size(), "nothing of a refused MULTIAPPEND reaches the store");
        }
    }

    /** RFC 3501 section 6.4.4 with lower-case months; RFC 5032 WITHIN against the injected clock. */
    @Test
    void sentDatesAndWithin() throws Exception {
        try (LineClient c = selected()) {
            c.send("a SEARCH SENTON 2-jan-2023");
            assertEquals("* SEARCH 1", c.line());
            c.line();
            c.send("b SEARCH SENTSINCE 3-JAN-2023");
            assertEquals("* SEARCH 2", c.line());
            c.line();
            c.send("c SEARCH YOUNGER 3600");
            assertEquals("* SEARCH 3", c.line());
            c.line();
            c.send("d SEARCH OLDER 7200");
            assertEquals("* SEARCH 1 2", c.line());
            c.line();
            c.send("e SEARCH OLDER 0");
            assertTrue(c.line().startsWith("e BAD"));
        }
    }

    /** RFC 5182: RETURN (SAVE) answers nothing untagged; "$" then names the saved messages in later commands. */
    @Test
    void searchres() throws Exception {
        try (LineClient c = selected()) {
            c.send("f FETCH $ FLAGS");
            assertEquals("f OK FETCH completed", c.line(), "nothing saved yet: $ is empty");
            c.send("a SEARCH RETURN (SAVE) SEEN");
            assertEquals("a OK SEARCH completed", c.line());
            c.send("b FETCH $ (UID)");
            assertEquals(List.of("* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)", "b OK FETCH completed"), c.until("b"));
            c.send("c UID SEARCH UID $ UNSEEN");
            assertEquals("* SEARCH", c.line());
            c.line();
            c.send("d SEARCH RETURN (SAVE MAX) ALL");
            assertEquals("* ESEARCH (TAG \"d\") MAX 3", c.line());
            c.line();
            c.send("e SEARCH $");
            assertEquals("* SEARCH 3", c.line());
            c.line();
            c.send("g SEARCH RETURN (SAVE) SEEN");
            c.line();
            c.send("h STORE $ +FLAGS.SILENT (\\Flagged)");
            assertTrue(c.line().startsWith("h "));
        }
    }

    /** RFC 8438 STATUS=SIZE, RFC 8474 MAILBOXID/EMAILID/THREADID, RFC 8514 SAVEDATE in FETCH and SEARCH. */
    @Test
    void statusSizeObjectIdAndSaveDate() throws Exception {
        try (LineClient c = selected()) {
            c.send("c CAPABILITY");
            String caps = c.line();
            for (String cap : new String[]{"MULTIAPPEND", "WITHIN", "SEARCHRES", "STATUS=SIZE", "SAVEDATE", "OBJECTID"}) {
                assertTrue(caps.contains(" " + cap), cap + " in " + caps);
            }
            c.line();
            c.send("s STATUS INBOX (SIZE MAILBOXID MESSAGES)");
            assertEquals("* STATUS \"INBOX\" (SIZE 600 MAILBOXID (F" + FakeImapStore.MAILBOX_ID + ") MESSAGES 3)", c.line());
            c.line();
            c.send("f FETCH 1:3 (EMAILID THREADID SAVEDATE)");
            assertEquals(List.of("* 1 FETCH (EMAILID (Eaaa) THREADID NIL SAVEDATE \"01-May-2026 00:00:00 +0000\")",
                    "* 2 FETCH (EMAILID (Ebbb) THREADID NIL SAVEDATE \"10-May-2026 00:00:00 +0000\")",
                    "* 3 FETCH (EMAILID NIL THREADID NIL SAVEDATE NIL)", "f OK FETCH completed"), c.until("f"));
            c.send("a SEARCH SAVEDSINCE 2-May-2026");
            // message 3 has no save date: its internal date (today) stands in
            assertEquals("* SEARCH 2 3", c.line());
            c.line();
            c.send("b SEARCH SAVEDBEFORE 2-may-2026");
            assertEquals("* SEARCH 1", c.line());
            c.line();
            c.send("d SEARCH SAVEDATESUPPORTED");
            assertEquals("* SEARCH 1 2 3", c.line());
            c.line();
        }
    }
}
