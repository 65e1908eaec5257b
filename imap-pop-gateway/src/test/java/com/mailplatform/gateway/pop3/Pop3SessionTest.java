package com.mailplatform.gateway.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.gateway.read.MessageCache;
import com.mailplatform.gateway.read.MessageReader;
import com.mailplatform.gateway.LineClient;
import com.mailplatform.testsupport.SelfSignedCertificate;
import java.nio.file.Files;
import java.time.Clock;

/** The session over a real loopback socket, against an in-memory store: no Quarkus, no mailbox-store. */
class Pop3SessionTest {

    private static final String ALICE = "alice@example.org";
    private static final String MSG1 = "Subject: one\r\n\r\nhello\r\n.dotted\r\n";
    private static final String MSG2 = "Subject: two\r\nX: y\r\n\r\nl1\r\nl2\r\nl3\r\n";
    private static final String MSG3 = "Subject: three\r\n\r\n" + "0123456789abcdef\r\n".repeat(20_000);

    private Vertx vertx;
    private FakeMailboxStore store;
    private TestConfig config;
    private Pop3Server server;
    /** The service's anvil with short delays: 100 ms doubling, at most 10 failures per user and address. */
    private final AuthPenalty penalty = new AuthPenalty(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofMillis(100),
            Duration.ofMillis(400), 30, 10, 1000);

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        store = new FakeMailboxStore();
        store.account(ALICE, "secret pass");
        store.deliver(ALICE, 3, MSG1);
        store.deliver(ALICE, 10, MSG2);
        store.deliver(ALICE, 11, MSG3);
        config = new TestConfig();
    }

    private void startServer() {
        server = new Pop3Server(vertx, store, new MessageReader(store.imap(), new MessageCache(1 << 20, 1 << 16), vertx), config,
                new SimpleMeterRegistry(), penalty);
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void authorizationState() throws Exception {
        startServer();
        try (LineClient c = connect()) {
            assertEquals("+OK POP3 server ready test", c.line());
            c.send("CAPA");
            assertEquals("+OK capability list follows", c.line());
            assertEquals(List.of("TOP", "USER", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "IMPLEMENTATION mail-platform"),
                    c.body());
            c.send("STAT");
            assertEquals("-ERR command not valid in this state", c.line());
            c.send("PASS x");
            assertEquals("-ERR command not valid in this state", c.line());
            c.send("FOO");
            assertEquals("-ERR unknown command", c.line());
            c.send("QUIT");
            assertEquals("+OK POP3 server signing off", c.line());
            assertTrue(c.closed());
        }
    }

    @Test
    void fullTransaction() throws Exception {
        startServer();
        int total = MSG1.length() + MSG2.length() + MSG3.length();
        try (LineClient c = login()) {
            c.send("STAT");
            assertEquals("+OK 3 " + total, c.line());
            c.send("LIST");
            assertEquals("+OK 3 messages (" + total + " octets)", c.line());
            assertEquals(List.of("1 " + MSG1.length(), "2 " + MSG2.length(), "3 " + MSG3.length()), c.body());
            c.send("LIST 2");
            assertEquals("+OK 2 " + MSG2.length(), c.line());
            c.send("LIST 4");
            assertEquals("-ERR no such message", c.line());
            c.send("UIDL");
            assertEquals("+OK unique-id listing follows", c.line());
            assertEquals(List.of("1 0000000365A1B2C3", "2 0000000A65A1B2C3", "3 0000000B65A1B2C3"), c.body());
            c.send("UIDL 3");
            assertEquals("+OK 3 0000000B65A1B2C3", c.line());

            c.send("RETR 1");
            assertEquals("+OK " + MSG1.length() + " octets", c.line());
            assertEquals("Subject: one\r\n\r\nhello\r\n..dotted\r\n.\r\n", c.raw("\r\n.\r\n"));
            c.send("RETR 3");
            assertEquals("+OK " + MSG3.length() + " octets", c.line());
            assertEquals(MSG3 + ".\r\n", c.raw("\r\n.\r\n"));
            c.send("TOP 2 1");
            assertEquals("+OK top of message follows", c.line());
            assertEquals(List.of("Subject: two", "X: y", "", "l1"), c.body());
            c.send("TOP 2 0");
            assertEquals("+OK top of message follows", c.line());
            assertEquals(List.of("Subject: two", "X: y", ""), c.body());

            c.send("DELE 1");
            assertEquals("+OK message 1 deleted", c.line());
            c.send("DELE 1");
            assertEquals("-ERR message deleted", c.line());
            for (String cmd : List.of("RETR 1", "TOP 1 1", "LIST 1", "UIDL 1")) {
                c.send(cmd);
                assertEquals("-ERR message deleted", c.line(), cmd);
            }
            c.send("STAT");
            assertEquals("+OK 2 " + (total - MSG1.length()), c.line());
            c.send("LIST");
            c.line();
            assertEquals(List.of("2 " + MSG2.length(), "3 " + MSG3.length()), c.body());
            c.send("RSET");
            assertEquals("+OK maildrop has 3 messages (" + total + " octets)", c.line());
            c.send("DELE 2");
            c.line();
            c.send("DELE 3");
            c.line();
            c.send("NOOP");
            assertEquals("+OK", c.line());
            c.send("USER x");
            assertEquals("-ERR command not valid in this state", c.line());
            assertTrue(store.expungeCalls.isEmpty(), "nothing is deleted before UPDATE");
            c.send("QUIT");
            assertEquals("+OK POP3 server signing off (1 messages left)", c.line());
            assertTrue(c.closed());
        }
        assertEquals(List.of(List.of(10L, 11L)), store.expungeCalls);
        assertNull(store.locks.get(ALICE), "lease released on QUIT");
        // numbers are per snapshot: the next session sees the one message left as number 1, same UIDL as before
        try (LineClient c = login()) {
            c.send("UIDL");
            c.line();
            assertEquals(List.of("1 0000000365A1B2C3"), c.body());
            c.send("QUIT");
            assertEquals("+OK POP3 server signing off (1 messages left)", c.line());
        }
        assertEquals(1, store.expungeCalls.size(), "QUIT without DELE expunges nothing");
    }

    @Test
    void droppedConnectionDeletesNothingAndReleasesTheLease() throws Exception {
        startServer();
        try (LineClient c = login()) {
            c.send("DELE 1");
            assertEquals("+OK message 1 deleted", c.line());
        }
        waitUntil(() -> store.locks.isEmpty());
        assertTrue(store.expungeCalls.isEmpty());
        assertEquals(3, store.inboxes.get(ALICE).size());
    }

    @Test
    void secondSessionFindsTheMaildropInUse() throws Exception {
        startServer();
        try (LineClient first = login(); LineClient second = connect()) {
            second.line();
            second.send("USER " + ALICE);
            second.line();
            second.send("PASS secret pass");
            assertEquals("-ERR [IN-USE] maildrop already locked", second.line());
            first.send("QUIT");
            first.line();
            second.send("USER " + ALICE);
            second.line();
            second.send("PASS secret pass");
            assertTrue(second.line().startsWith("+OK maildrop has 3 messages"));
        }
    }

    @Test
    void wrongPasswordThreeTimesCloses() throws Exception {
        startServer();
        try (LineClient c = connect()) {
            c.line();
            for (int i = 1; i <= 3; i++) {
                c.send("USER " + (i == 2 ? "nobody@example.org" : ALICE));
                assertEquals("+OK send PASS", c.line());
                long start = System.nanoTime();
                c.send("PASS wrong");
                assertEquals("-ERR [AUTH] authentication failed", c.line());
                if (i > 1) {
                    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90), "an attempt after a failure waits");
                }
            }
            assertTrue(c.closed());
        }
        assertTrue(store.locks.isEmpty());
    }

    /**
     * Issue: failures were counted per connection, so 50 wrong passwords over 17 connections cost nothing and the
     * right one still worked at once. Now the penalty follows the address across connections.
     */
    @Test
    void guessingByReconnectingIsPenalizedPerAddress() throws Exception {
        startServer();
        int guesses = 0;
        while (guesses < 10) {
            try (LineClient c = connect()) {
                c.line();
                for (int i = 0; i < 3 && guesses < 10; i++, guesses++) {
                    c.send("USER " + ALICE);
                    c.line();
                    c.send("PASS guess" + guesses);
                    assertEquals("-ERR [AUTH] authentication failed", c.line());
                }
            }
        }
        assertEquals(10, penalty.failures("127.0.0.1"));
        try (LineClient c = connect()) {
            c.line();
            c.send("USER " + ALICE);
            c.line();
            c.send("PASS secret pass");
            assertEquals("-ERR [AUTH] authentication failed", c.line(), "the right password is refused from the guessing address");
        }
        assertEquals(10, penalty.failures("127.0.0.1"), "a refused attempt is not checked, so not counted again");
    }

    /** Issue: STLS, USER and PASS in one packet got the USER/PASS run inside the TLS session (CVE-2011-0411 class). */
    @Test
    void plaintextPipelinedBehindStlsIsDiscarded() throws Exception {
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(Files.createTempDirectory("pop3-tls"));
        config.tlsCertFile = java.util.Optional.of(pem.cert().toString());
        config.tlsKeyFile = java.util.Optional.of(pem.key().toString());
        config.allowPlaintextAuth = false;
        startServer();
        try (LineClient c = connect()) {
            c.line();
            c.write("STLS\r\nUSER " + ALICE + "\r\nPASS secret pass\r\n");
            assertEquals("+OK begin TLS negotiation", c.line());
            c.startTls();
            c.send("STAT");
            assertEquals("-ERR command not valid in this state", c.line(), "the injected USER/PASS never ran");
            c.send("USER " + ALICE);
            assertEquals("+OK send PASS", c.line());
            c.send("PASS secret pass");
            assertTrue(c.line().startsWith("+OK maildrop has 3 messages"));
        }
    }

    /** Issue: 1000 idle connections from one address locked everyone else out. */
    @Test
    void perAddressLimitAndThePreLoginTimeout() throws Exception {
        config.maxConnectionsPerIp = 3;
        config.loginTimeout = Duration.ofMillis(700);
        startServer();
        try (LineClient a = connect(); LineClient b = connect(); LineClient c = connect(); LineClient d = connect()) {
            assertEquals("+OK POP3 server ready test", a.line());
            b.line();
            c.line();
            assertEquals("-ERR [SYS/TEMP] too many connections", d.line());
            long start = System.nanoTime();
            assertTrue(a.closed() || waitClosed(a), "an idle pre-login connection is closed after pop3.login-timeout");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    /** A full server makes room by closing the oldest connection that has not logged in; a logged-in one stays. */
    @Test
    void aFullServerEvictsTheOldestPreLoginConnection() throws Exception {
        config.maxConnections = 3;
        startServer();
        try (LineClient user = login(); LineClient idle1 = connect(); LineClient idle2 = connect()) {
            idle1.line();
            idle2.line();
            try (LineClient newcomer = connect()) {
                assertEquals("+OK POP3 server ready test", newcomer.line());
                assertEquals("-ERR [SYS/TEMP] too many connections", idle1.line());
                assertTrue(idle1.closed());
                user.send("STAT");
                assertTrue(user.line().startsWith("+OK 3 "), "the logged-in session is untouched");
            }
        }
    }

    private static boolean waitClosed(LineClient c) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (c.closed()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        startServer();
        try (LineClient c = connect()) {
            c.line();
            StringBuilder burst = new StringBuilder("USER " + ALICE + "\r\nPASS secret pass\r\nSTAT\r\nRETR 1\r\nTOP 2 1\r\n");
            int noops = 5_000;
            burst.append("NOOP\r\n".repeat(noops));
            burst.append("DELE 2\r\nQUIT\r\n");
            c.out.write(burst.toString().getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals("+OK send PASS", c.line());
            assertTrue(c.line().startsWith("+OK maildrop has 3"));
            assertTrue(c.line().startsWith("+OK 3 "));
            assertEquals("+OK " + MSG1.length() + " octets", c.line());
            assertEquals(List.of("Subject: one", "", "hello", "..dotted"), c.body());
            assertEquals("+OK top of message follows", c.line());
            assertEquals(List.of("Subject: two", "X: y", "", "l1"), c.body());
            for (int i = 0; i < noops; i++) {
                assertEquals("+OK", c.line());
            }
            assertEquals("+OK message 2 deleted", c.line());
            assertEquals("+OK POP3 server signing off (2 messages left)", c.line());
            assertTrue(c.closed());
        }
        assertEquals(List.of(List.of(10L)), store.expungeCalls);
    }

    @Test
    void overlongLinesGetAnErrorAndTheSessionGoesOn() throws Exception {
        startServer();
        try (LineClient c = connect()) {
            c.line();
            c.send("USER " + "x".repeat(300));
            assertEquals("-ERR line too long", c.line());
            c.send("USER " + "y".repeat(100_000));
            assertEquals("-ERR line too long", c.line());
            c.send("NOOP\0");
            assertEquals("-ERR invalid characters in command", c.line());
            c.send("CAPA");
            assertEquals("+OK capability list follows", c.line());
            c.body();
        }
    }

    @Test
    void tooManyBadCommandsClose() throws Exception {
        config.maxBadCommands = 3;
        startServer();
        try (LineClient c = connect()) {
            c.line();
            for (int i = 0; i < 3; i++) {
                c.send("BOGUS");
                assertEquals("-ERR unknown command", c.line());
            }
            c.send("RETR 1");
            assertEquals("-ERR too many bad commands", c.line());
            assertTrue(c.closed());
        }
    }

    @Test
    void idleSessionIsClosedWithoutUpdate() throws Exception {
        config.idleTimeout = Duration.ofMillis(300);
        startServer();
        try (LineClient c = login()) {
            c.send("DELE 1");
            c.line();
            Thread.sleep(150);
            c.send("NOOP");
            assertEquals("+OK", c.line());
            assertTrue(c.closed(), "closed silently (RFC 1939 section 3)");
        }
        waitUntil(() -> store.locks.isEmpty());
        assertTrue(store.expungeCalls.isEmpty());
    }

    @Test
    void leaseIsRenewedOnceHalfUsed() throws Exception {
        config.maildropLease = Duration.ofSeconds(2);
        startServer();
        try (LineClient c = login()) {
            int afterLogin = store.acquireCalls.get();
            c.send("NOOP");
            c.line();
            assertEquals(afterLogin, store.acquireCalls.get(), "fresh lease: no renewal");
            Thread.sleep(1_100);
            c.send("NOOP");
            assertEquals("+OK", c.line());
            assertEquals(afterLogin + 1, store.acquireCalls.get());
            c.send("NOOP");
            c.line();
            assertEquals(afterLogin + 1, store.acquireCalls.get());
        }
    }

    @Test
    void leaseLostMeansNoUpdate() throws Exception {
        config.maildropLease = Duration.ofSeconds(1);
        startServer();
        try (LineClient c = login()) {
            c.send("DELE 1");
            c.line();
            // another session took the maildrop after our lease ran out
            store.locks.put(ALICE, "someone-else");
            Thread.sleep(600);
            c.send("QUIT");
            assertEquals("-ERR [IN-USE] maildrop lock lost", c.line());
            assertTrue(c.closed());
        }
        assertTrue(store.expungeCalls.isEmpty());
        assertEquals("someone-else", store.locks.get(ALICE));
    }

    @Test
    void messageGoneBeforeRetrIsAnErrorAndRetrReadsAhead() throws Exception {
        startServer();
        try (LineClient c = login()) {
            store.failFetch = true;
            c.send("RETR 1");
            assertEquals("-ERR [SYS/TEMP] unable to read message", c.line());
            store.failFetch = false;
            store.inboxes.get(ALICE).remove(3L);
            c.send("RETR 1");
            assertEquals("-ERR message no longer available", c.line());
            // that call read message 2 ahead, into the gateway's cache; 3 is larger than the cache keeps
            assertEquals(List.of(List.of(3L, 10L), List.of(3L, 10L)), store.fetchCalls);
            c.send("RETR 2");
            assertEquals("+OK " + MSG2.length() + " octets", c.line());
            assertEquals(MSG2, String.join("\r\n", c.body()) + "\r\n");
            c.send("TOP 3 0");
            assertEquals("+OK top of message follows", c.line());
            c.body();
            assertEquals(List.of(11L), store.fetchCalls.get(2), "TOP reads only its message");
            assertEquals(3, store.fetchCalls.size());
        }
    }

    /** A read-ahead that breaks after RETR's own message was sent must not close the session. */
    @Test
    void aBrokenReadAheadDoesNotSpoilACompleteReply() throws Exception {
        startServer();
        try (LineClient c = login()) {
            store.failAfterFirst = true;
            c.send("RETR 1");
            assertEquals("+OK " + MSG1.length() + " octets", c.line());
            c.body();
            c.send("NOOP");
            assertEquals("+OK", c.line());
            assertEquals(List.of(List.of(3L, 10L)), store.fetchCalls);
        }
    }

    @Test
    void plaintextAuthCanBeSwitchedOff() throws Exception {
        config.allowPlaintextAuth = false;
        startServer();
        try (LineClient c = connect()) {
            c.line();
            c.send("CAPA");
            c.line();
            assertFalse(c.body().contains("USER"));
            c.send("USER " + ALICE);
            assertEquals("-ERR [AUTH] plaintext authentication disallowed", c.line());
        }
    }

    @Test
    void connectionLimit() throws Exception {
        config.maxConnections = 1;
        startServer();
        try (LineClient first = login(); LineClient second = connect()) {
            assertEquals("-ERR [SYS/TEMP] too many connections", second.line(), "full of logged-in sessions: refused");
            assertTrue(second.closed());
        }
    }

    // ---- helpers ----

    private LineClient connect() throws IOException {
        return new LineClient(new Socket("127.0.0.1", server.actualPort()));
    }

    private LineClient login() throws IOException {
        LineClient c = connect();
        assertEquals("+OK POP3 server ready test", c.line());
        c.send("USER " + ALICE);
        assertEquals("+OK send PASS", c.line());
        c.send("PASS secret pass");
        assertTrue(c.line().startsWith("+OK maildrop has"));
        return c;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(10);
        }
    }
}
