package com.mailplatform.smtp.milter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.MessageEdits;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.testsupport.DebianPackages;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static Process rspamd;
    static int port;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        DebianPackages.ensure("rspamd");
        vertx = Vertx.vertx();
        port = freePort();
        dir = Files.createTempDirectory("rspamd-milter");
        Path local = Files.createDirectories(dir.resolve("local.d"));
        Files.writeString(local.resolve("worker-proxy.inc"), "bind_socket = \"127.0.0.1:" + port + "\";\n"
                + "milter = yes;\ntimeout = 60s;\nupstream \"local\" { default = yes; self_scan = yes; }\n");
        Files.writeString(local.resolve("worker-normal.inc"), "enabled = false;\n");
        Files.writeString(local.resolve("worker-controller.inc"), "enabled = false;\n");
        Files.writeString(local.resolve("worker-fuzzy.inc"), "enabled = false;\n");
        Files.writeString(local.resolve("milter_headers.conf"), "use = [\"x-spamd-result\", \"x-rspamd-server\"];\n"
                + "skip_local = false;\nskip_authenticated = false;\n");
        Files.writeString(local.resolve("logging.inc"), "type = \"console\";\nlevel = \"error\";\n");
        // rspamd drops root privileges to _rspamd, which must be able to write its db and run directories.
        for (String d : List.of("db", "run", "log")) {
            Files.createDirectories(dir.resolve(d));
        }
        new ProcessBuilder("chown", "-R", "_rspamd", dir.toString()).inheritIO().start().waitFor();
        new ProcessBuilder("chmod", "755", dir.toString()).start().waitFor();
        rspamd = new ProcessBuilder("rspamd", "-f", "-u", "_rspamd", "-g", "_rspamd", "-c", "/etc/rspamd/rspamd.conf",
                "--var=LOCAL_CONFDIR=" + dir, "--var=DBDIR=" + dir.resolve("db"), "--var=RUNDIR=" + dir.resolve("run"),
                "--var=LOGDIR=" + dir.resolve("log"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("rspamd.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!listening(port)) {
            if (!rspamd.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("rspamd did not start: " + Files.readString(dir.resolve("rspamd.log")));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (rspamd != null) {
            rspamd.descendants().forEach(ProcessHandle::destroy);
            rspamd.destroy();
            rspamd.waitFor();
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
        try (ServerSocket relay = new ServerSocket(back, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket in = relay.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    Thread up = new Thread(() -> pump(in, out));
                    up.start();
                    pump(out, in);
                    up.join();
                } catch (IOException | InterruptedException ignored) {
                    // connection over
                }
            });
            t.setDaemon(true);
            t.start();
            assertEquals(Verdict.Action.CONTINUE, scan(f, message("Lunch", "Shall we meet at noon?")).action());
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream i = from.getInputStream()) {
            i.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean listening(int p) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
