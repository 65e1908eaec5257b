package com.mailplatform.smtp.milter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.testsupport.DebianPackages;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The milter client against real clamd + clamav-milter (Debian's packages). The signature database is built here
 * with sigtool from the EICAR test file, so freshclam and the internet are not needed.
 */
class ClamavMilterTest {

    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    static Process clamd;
    static Process milter;
    static Process quarantiner;
    static int milterPort;
    static int quarantinePort;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        DebianPackages.ensure("clamav", "clamav-daemon", "clamav-milter");
        RspamdMilterTest.vertx = RspamdMilterTest.vertx != null ? RspamdMilterTest.vertx : Vertx.vertx();
        dir = Files.createTempDirectory("clamav-milter");
        Path db = Files.createDirectories(dir.resolve("db"));
        Path eicar = dir.resolve("eicar.com");
        Files.writeString(eicar, EICAR, StandardCharsets.US_ASCII);
        Process sigtool = new ProcessBuilder("sigtool", "--md5", eicar.toString()).directory(dir.toFile())
                .redirectOutput(db.resolve("eicar.hdb").toFile()).start();
        assertEquals(0, sigtool.waitFor(), "sigtool");
        int clamdPort = RspamdMilterTest.freePort();
        milterPort = RspamdMilterTest.freePort();
        quarantinePort = RspamdMilterTest.freePort();
        Files.writeString(dir.resolve("clamd.conf"), "Foreground yes\nTCPSocket " + clamdPort + "\nTCPAddr 127.0.0.1\n"
                + "DatabaseDirectory " + db + "\nLogFile " + dir.resolve("clamd.log") + "\n");
        clamd = new ProcessBuilder("clamd", "-c", dir.resolve("clamd.conf").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("clamd.out").toFile()).start();
        await(clamdPort, clamd, "clamd.out");
        milter = milter("milter", milterPort, clamdPort, "OnInfected Reject\nRejectMsg \"Virus found: %v\"\n");
        // clamav-milter's default action: accept, but ask the MTA to hold the message (SMFIR_QUARANTINE).
        quarantiner = milter("quarantine", quarantinePort, clamdPort, "OnInfected Quarantine\n");
    }

    /** A clamav-milter on {@code port} in front of the shared clamd, with {@code onInfected} as its infected action. */
    private static Process milter(String name, int port, int clamdPort, String onInfected) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "Foreground yes\nMilterSocket inet:" + port + "@127.0.0.1\n"
                + "ClamdSocket tcp:127.0.0.1:" + clamdPort + "\nOnClean Accept\n" + onInfected
                + "LogFile " + dir.resolve(name + ".log") + "\n");
        Process p = new ProcessBuilder("clamav-milter", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
        await(port, p, name + ".out");
        return p;
    }

    private static void await(int port, Process p, String log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!RspamdMilterTest.listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(log + ": " + Files.readString(dir.resolve(log)));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : new Process[] {quarantiner, milter, clamd}) {
            if (p != null) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    static String withAttachment(String name, String content) {
        return "From: sender@example.org\r\nTo: rcpt@e2e.test\r\nSubject: file\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
                + "see attached\r\n--b1\r\nContent-Type: application/octet-stream; name=\"" + name + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.US_ASCII)) + "\r\n--b1--\r\n";
    }

    @Test
    void eicarIsRejected() {
        Verdict v = RspamdMilterTest.scan(RspamdMilterTest.filter(milterPort, Duration.ofSeconds(30)),
                withAttachment("eicar.com", EICAR));
        System.out.println("clamav-milter EICAR verdict: " + v);
        assertEquals(Verdict.Action.REJECT, v.action(), v.toString());
        assertTrue(v.reply().startsWith("5") && v.reply().contains("Virus found: eicar"), v.reply());
    }

    @Test
    void eicarIsQuarantinedWithOnInfectedQuarantine() {
        Verdict v = RspamdMilterTest.scan(RspamdMilterTest.filter(quarantinePort, Duration.ofSeconds(30)),
                withAttachment("eicar.com", EICAR));
        System.out.println("clamav-milter EICAR verdict with OnInfected Quarantine: " + v);
        // Accepted, not rejected: the reason travels in the queue envelope and delivery-service holds the message.
        assertNotEquals(Verdict.Action.REJECT, v.action(), v.toString());
        assertNotEquals(Verdict.Action.TEMPFAIL, v.action(), v.toString());
        assertEquals("quarantined by clamav-milter", v.edits().quarantine(), v.toString());
        Verdict clean = RspamdMilterTest.scan(RspamdMilterTest.filter(quarantinePort, Duration.ofSeconds(30)),
                withAttachment("notes.txt", "minutes of the meeting\n"));
        assertNull(clean.edits().quarantine(), clean.toString());
    }

    @Test
    void cleanAttachmentPasses() {
        Verdict v = RspamdMilterTest.scan(RspamdMilterTest.filter(milterPort, Duration.ofSeconds(30)),
                withAttachment("notes.txt", "minutes of the meeting\n"));
        assertEquals(Verdict.Action.CONTINUE, v.action(), v.toString());
    }
}
