package com.mailplatform.gateway.managesieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.gateway.LineClient;
import com.mailplatform.gateway.pop3.FakeMailboxStore;
import com.mailplatform.testsupport.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ManageSieve (RFC 5804) over a real loopback socket against in-memory stores: no Quarkus, no mailbox-store. */
class ManageSieveSessionTest {

    private static final String ALICE = "alice@example.org";
    private static final String GOOD = "require [\"fileinto\"];\r\nif header :contains \"subject\" \"x\" {\r\n  fileinto \"X\";\r\n}\r\n";
    /** Line 3 lacks its semicolon. */
    private static final String BAD = "require [\"fileinto\"];\r\nkeep;\r\nfileinto \"a\"\r\nkeep;\r\n";

    private Vertx vertx;
    private FakeMailboxStore store;
    private FakeSieveStore scripts;
    private TestConfig config;
    private ManageSieveServer server;
    private final AuthPenalty penalty = new AuthPenalty(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofMillis(10),
            Duration.ofMillis(40), 30, 10, 1000);

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        store = new FakeMailboxStore();
        store.account(ALICE, "secret pass");
        scripts = new FakeSieveStore();
        config = new TestConfig();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private LineClient connect() throws Exception {
        if (server == null) {
            server = new ManageSieveServer(vertx, store, scripts, config, penalty);
            server.start();
        }
        return LineClient.connect(server.actualPort());
    }

    /** The lines up to and including the OK/NO/BYE that ends a response. */
    private static List<String> reply(LineClient c) throws Exception {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = c.line();
            lines.add(l);
            if (l.equals("OK") || l.equals("NO") || l.equals("BYE") || l.startsWith("OK ") || l.startsWith("NO ") || l.startsWith("BYE ")) {
                return lines;
            }
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private LineClient login() throws Exception {
        config.allowPlaintextAuth = true;
        LineClient c = connect();
        reply(c);
        c.send("AUTHENTICATE \"PLAIN\" \"" + plain(ALICE, "secret pass") + "\"");
        assertEquals("OK \"Logged in\"", c.line());
        return c;
    }

    private static String literal(String s) {
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + s;
    }

    @Test
    void greetingStartTlsAndSaslContinuation() throws Exception {
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(Files.createTempDirectory("sieve-tls"));
        config.tlsCertFile = Optional.of(pem.cert().toString());
        config.tlsKeyFile = Optional.of(pem.key().toString());
        try (LineClient c = connect()) {
            List<String> greeting = reply(c);
            // section 1.7: no mechanism before STARTTLS when plaintext auth is not allowed
            assertEquals("\"IMPLEMENTATION\" \"test\"", greeting.get(0));
            assertTrue(greeting.contains("\"SASL\" \"\""), greeting.toString());
            assertTrue(greeting.contains("\"STARTTLS\""), greeting.toString());
            assertTrue(greeting.contains("\"VERSION\" \"1.0\""), greeting.toString());
            assertTrue(greeting.stream().anyMatch(l -> l.startsWith("\"SIEVE\" \"") && l.contains("fileinto") && l.contains("vacation")),
                    greeting.toString());
            assertEquals("OK \"ManageSieve ready\"", last(greeting));

            c.send("AUTHENTICATE \"PLAIN\" \"" + plain(ALICE, "secret pass") + "\"");
            assertEquals("NO (ENCRYPT-NEEDED) \"use STARTTLS first\"", c.line());
            c.send("LISTSCRIPTS");
            assertEquals("NO \"authenticate first\"", c.line());

            // a command pipelined behind STARTTLS in plaintext is dropped (injection)
            c.write("STARTTLS\r\nLISTSCRIPTS\r\n");
            assertEquals("OK \"Begin TLS negotiation now\"", c.line());
            c.startTls();
            // section 2.2: the capabilities again after the handshake
            List<String> after = reply(c);
            assertTrue(after.contains("\"SASL\" \"PLAIN\""), after.toString());
            assertFalse(after.contains("\"STARTTLS\""), after.toString());
            assertEquals("OK \"TLS negotiation successful\"", last(after));

            // section 2.1: no initial response, an empty challenge, the response as a literal
            c.send("AUTHENTICATE \"PLAIN\"");
            assertEquals("\"\"", c.line());
            c.write(literal(plain(ALICE, "secret pass")) + "\r\n");
            assertEquals("OK \"Logged in\"", c.line());
            c.send("CAPABILITY");
            List<String> caps = reply(c);
            assertTrue(caps.contains("\"OWNER\" \"" + ALICE + "\""), caps.toString());
            c.send("STARTTLS");
            assertEquals("NO \"already authenticated\"", c.line());
            c.send("LOGOUT");
            assertEquals("OK \"Logout\"", c.line());
            assertTrue(c.closed());
        }
    }

    @Test
    void authenticationFailuresAndCancel() throws Exception {
        config.allowPlaintextAuth = true;
        try (LineClient c = connect()) {
            reply(c);
            c.send("AUTHENTICATE \"PLAIN\"");
            assertEquals("\"\"", c.line());
            c.send("\"*\"");
            assertEquals("NO \"authentication cancelled\"", c.line());
            c.send("AUTHENTICATE \"CRAM-MD5\"");
            assertEquals("NO \"unsupported SASL mechanism\"", c.line());
            for (int i = 1; i < 3; i++) {
                c.send("AUTHENTICATE \"PLAIN\" \"" + plain(ALICE, "wrong") + "\"");
                assertEquals("NO \"authentication failed\"", c.line());
            }
            c.send("AUTHENTICATE \"PLAIN\" \"not base64!\"");
            assertEquals("BYE \"too many authentication failures\"", c.line());
            assertTrue(c.closed());
        }
    }

    @Test
    void scriptLifecycleWithResponseCodes() throws Exception {
        try (LineClient c = login()) {
            // section 2.6: a bad script is refused with its line number and nothing is stored
            c.write("PUTSCRIPT \"bad\" " + literal(BAD) + "\r\n");
            String no = c.line();
            assertTrue(no.startsWith("NO \"") && no.contains("line 3"), no);
            c.write("CHECKSCRIPT " + literal(BAD) + "\r\n");
            String checked = c.line();
            assertTrue(checked.startsWith("NO \"") && checked.contains("line 3"), checked);
            c.send("LISTSCRIPTS");
            assertEquals(List.of("OK"), reply(c));
            assertTrue(scripts.scripts.getOrDefault(ALICE, java.util.Map.of()).isEmpty());

            c.write("CHECKSCRIPT " + literal(GOOD) + "\r\n");
            assertEquals("OK \"script is valid\"", c.line());
            c.write("PUTSCRIPT \"filters\" " + literal(GOOD) + "\r\n");
            assertEquals("OK \"stored\"", c.line());
            // a synchronizing literal is accepted too (no continuation in ManageSieve)
            c.write("PUTSCRIPT \"two\" {" + GOOD.length() + "}\r\n" + GOOD + "\r\n");
            assertEquals("OK \"stored\"", c.line());
            c.send("SETACTIVE \"filters\"");
            assertEquals("OK", c.line());
            c.send("LISTSCRIPTS");
            assertEquals(List.of("\"filters\" ACTIVE", "\"two\"", "OK"), reply(c));
            c.send("GETSCRIPT \"filters\"");
            assertEquals("{" + GOOD.length() + "}", c.line());
            assertEquals(GOOD + "\r\nOK\r\n", c.raw("OK\r\n"));

            c.send("GETSCRIPT \"nope\"");
            assertEquals("NO (NONEXISTENT) \"no such script\"", c.line());
            c.send("SETACTIVE \"nope\"");
            assertEquals("NO (NONEXISTENT) \"no such script\"", c.line());
            c.send("DELETESCRIPT \"filters\"");
            assertEquals("NO (ACTIVE) \"the script is active\"", c.line());
            c.send("RENAMESCRIPT \"two\" \"filters\"");
            assertEquals("NO (ALREADYEXISTS) \"a script with that name exists\"", c.line());
            c.send("RENAMESCRIPT \"filters\" \"main\"");
            assertEquals("OK", c.line());
            c.send("HAVESPACE \"x\" 5000");
            assertEquals("NO (QUOTA/MAXSIZE) \"maxsize: script too large\"", c.line());
            c.send("HAVESPACE \"x\" 100");
            assertEquals("OK", c.line());
            c.write("PUTSCRIPT \"three\" " + literal(GOOD) + "\r\n");
            assertEquals("OK \"stored\"", c.line());
            c.send("HAVESPACE \"four\" 10");
            assertEquals("NO (QUOTA/MAXSCRIPTS) \"maxscripts: too many scripts\"", c.line());
            c.send("SETACTIVE \"\"");
            assertEquals("OK", c.line());
            c.send("DELETESCRIPT \"main\"");
            assertEquals("OK", c.line());
            c.send("LISTSCRIPTS");
            assertEquals(List.of("\"three\"", "\"two\"", "OK"), reply(c));
            // a script far above the socket's read chunks arrives whole (no back-pressure stall inside a literal)
            String big = "keep;\r\n" + ("# " + "x".repeat(98) + "\r\n").repeat(2000);
            c.write("CHECKSCRIPT " + literal(big) + "\r\n");
            assertEquals("OK \"script is valid\"", c.line());
            c.send("NOOP \"t1\"");
            assertEquals("OK (TAG \"t1\") \"Done\"", c.line());

            // section 2.14.1
            c.send("UNAUTHENTICATE");
            assertEquals("OK", c.line());
            c.send("LISTSCRIPTS");
            assertEquals("NO \"authenticate first\"", c.line());
        }
    }

    /** Debian's sieve-connect (a real ManageSieve client, Perl) against this server: STARTTLS, PLAIN, upload, activate. */
    @Test
    void sieveConnectUploadsActivatesAndChecks() throws Exception {
        com.mailplatform.testsupport.DebianPackages.ensure("sieve-connect");
        java.nio.file.Path dir = Files.createTempDirectory("sieve-connect");
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(dir);
        config.tlsCertFile = Optional.of(pem.cert().toString());
        config.tlsKeyFile = Optional.of(pem.key().toString());
        connect().close();
        java.nio.file.Path good = Files.writeString(dir.resolve("good.sieve"), GOOD);
        java.nio.file.Path bad = Files.writeString(dir.resolve("bad.sieve"), BAD);
        assertEquals(0, sieveConnect("--upload", "--localsieve", good.toString(), "--remotesieve", "filters").code);
        assertEquals(GOOD, scripts.scripts.get(ALICE).get("filters"));
        assertEquals(0, sieveConnect("--activate", "--remotesieve", "filters").code);
        assertEquals("filters", scripts.active.get(ALICE));
        Run list = sieveConnect("--list");
        assertEquals(0, list.code, list.out);
        assertTrue(list.out.contains("filters"), list.out);
        Run check = sieveConnect("--checkscript", "--localsieve", bad.toString());
        assertTrue(check.code != 0 && check.out.contains("line 3"), check.out);
        assertEquals(0, sieveConnect("--deactivate").code);
        assertEquals(null, scripts.active.get(ALICE));
    }

    private record Run(int code, String out) {
    }

    private Run sieveConnect(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sieve-connect", "--server", "127.0.0.1", "--port",
                String.valueOf(server.actualPort()), "--user", ALICE, "--passwordfd", "0", "--notlsverify",
                "--noclearauth", "--authmech", "PLAIN"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write("secret pass\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    /**
     * SessionTimeouts: before login only managesieve.login-timeout counts, however chatty the client (CAPABILITY
     * keeps it active); after login the idle timeout. Either ends with BYE and the close (RFC 5804 section 1.3).
     */
    @Test
    void loginAndIdleTimeoutsSayByeAndClose() throws Exception {
        config.loginTimeout = Duration.ofMillis(600);
        config.idleTimeout = Duration.ofMillis(900);
        try (LineClient c = connect()) {
            reply(c);
            for (int i = 0; i < 4; i++) {
                Thread.sleep(200); // talking keeps the connection active, which is not what the login timeout counts
                c.send("CAPABILITY");
                List<String> r = reply(c);
                if (last(r).startsWith("BYE")) {
                    assertEquals("BYE \"login timeout\"", last(r));
                    break;
                }
            }
            assertTrue(c.closed(), "closed after the login timeout");
        }
        try (LineClient c = login()) {
            long start = System.nanoTime();
            assertEquals("BYE \"idle timeout\"", c.line()); // logged in: the login timeout no longer applies
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(700), "not before the idle timeout");
            assertTrue(c.closed());
        }
    }

    @Test
    void hostileInputGetsNoOrBye() throws Exception {
        config.allowPlaintextAuth = true;
        try (LineClient c = connect()) {
            reply(c);
            c.send("FROB");
            assertEquals("NO \"unknown command\"", c.line());
            c.send("GETSCRIPT");
            assertEquals("NO \"wrong number of arguments for GETSCRIPT\"", c.line());
            // an over-long line arrives in pieces: dropped as it comes, one NO when it ends
            c.write("NOOP \"" + "a".repeat(20_000));
            c.write("a".repeat(20_000) + "\"\r\n");
            String tooLong = c.line();
            assertTrue(tooLong.startsWith("NO "), tooLong);
            c.send("NOOP");
            assertEquals("OK \"Done\"", c.line());
            // before authentication a literal is bounded small: no script-sized buffer for strangers
            c.send("AUTHENTICATE \"PLAIN\" {100000+}");
            assertEquals("BYE (QUOTA/MAXSIZE) \"literal too big\"", c.line());
            assertTrue(c.closed());
        }
    }
}
