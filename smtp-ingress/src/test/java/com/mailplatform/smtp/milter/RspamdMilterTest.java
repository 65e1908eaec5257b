package com.mailplatform.smtp.milter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.testsupport.RspamdMilter;
import com.mailplatform.testsupport.SharedInfra;
import com.mailplatform.testsupport.TcpRelay;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The milter client against real rspamd (Debian's package) running its proxy worker in milter mode with a
 * configuration written here; no redis and no network are needed for GTUBE. Also a stalled and a dead milter.
 */
class RspamdMilterTest {

    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    static Vertx vertx;
    static RspamdMilter rspamd;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        rspamd = RspamdMilter.start(freePort());
        port = rspamd.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (rspamd != null) {
            rspamd.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    static MilterFilter filter(int milterPort, Duration commandTimeout) {
        return new MilterFilter(vertx, new MilterSettings(List.of(new MilterAddress("127.0.0.1", milterPort)),
                "tempfail", Duration.ofSeconds(2), commandTimeout, Duration.ofSeconds(30), "mx.e2e.test"));
    }

    static Verdict scan(MilterFilter f, String message) {
        FilterContext ctx = new FilterContext("4Qm1" + System.nanoTime(), "smtpd", "192.0.2.7", "client.example",
                false, null, "sender@example.org", List.of("rcpt@e2e.test"));
        return f.onMessage(ctx, message.getBytes(StandardCharsets.UTF_8)).await().atMost(Duration.ofSeconds(60));
    }

    static String message(String subject, String body) {
        return "From: Sender <sender@example.org>\r\nTo: rcpt@e2e.test\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + System.nanoTime() + "@example.org>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
                + "\r\n" + body + "\r\n";
    }

    @Test
    void gtubeIsRejectedWithRspamdsReply() {
        Verdict v = scan(filter(port, Duration.ofSeconds(30)), message("test", "This is spam.\r\n" + GTUBE));
        System.out.println("rspamd GTUBE verdict: " + v);
        assertEquals(Verdict.Action.REJECT, v.action(), v.toString());
        assertTrue(v.reply().startsWith("554 5.7.1 ") && v.reply().toLowerCase().contains("gtube"), v.reply());
    }

    @Test
    void cleanMessagePassesWithRspamdsHeaders() {
        Verdict v = scan(filter(port, Duration.ofSeconds(30)), message("Lunch on Friday",
                "Hello,\r\n\r\nshall we meet for lunch on Friday at noon?\r\n\r\nRegards\r\n"));
        assertEquals(Verdict.Action.CONTINUE, v.action(), v.toString());
        List<MessageEdits.HeaderEdit> added = v.edits().headers();
        System.out.println("rspamd clean message edits: " + added);
        assertTrue(added.stream().anyMatch(h -> h.name().equalsIgnoreCase("X-Spamd-Result")), added.toString());
    }

    @Test
    void stalledMilterGivesTempfailInsteadOfHanging() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the client went away: that is the point
                }
            });
            t.setDaemon(true);
            t.start();
            long t0 = System.nanoTime();
            Verdict v = scan(filter(silent.getLocalPort(), Duration.ofSeconds(1)), message("hi", "hello"));
            assertEquals(Verdict.tempfail("451 4.7.1 Service unavailable - try again later"), v);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void deadMilterGivesTempfailAndTheRetryPassesOnceItIsBack() throws Exception {
        int back = freePort();
        MilterFilter f = filter(back, Duration.ofSeconds(30));
        assertEquals(Verdict.Action.TEMPFAIL, scan(f, message("hi", "hello")).action());
        // The milter comes back on its address (a relay to the running rspamd) and the client's retry goes through.
        try (TcpRelay relay = new TcpRelay(back, port)) {
            assertEquals(Verdict.Action.CONTINUE, scan(f, message("Lunch", "Shall we meet at noon?")).action());
        }
    }

    static int freePort() {
        return SharedInfra.freePort();
    }

    static boolean listening(int p) {
        return RspamdMilter.listening(p);
    }
}
