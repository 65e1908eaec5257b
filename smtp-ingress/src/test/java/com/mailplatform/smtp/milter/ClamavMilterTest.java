package com.mailplatform.smtp.milter;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    static int milterPort;
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
        Files.writeString(dir.resolve("clamd.conf"), "Foreground yes\nTCPSocket " + clamdPort + "\nTCPAddr 127.0.0.1\n"
                + "DatabaseDirectory " + db + "\nLogFile " + dir.resolve("clamd.log") + "\n");
        Files.writeString(dir.resolve("milter.conf"), "Foreground yes\nMilterSocket inet:" + milterPort + "@127.0.0.1\n"
                + "ClamdSocket tcp:127.0.0.1:" + clamdPort + "\nOnInfected Reject\nOnClean Accept\n"
                + "RejectMsg \"Virus found: %v\"\n"
                + "LogFile " + dir.resolve("milter.log") + "\n");
        clamd = new ProcessBuilder("clamd", "-c", dir.resolve("clamd.conf").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("clamd.out").toFile()).start();
        await(clamdPort, clamd, "clamd.out");
        milter = new ProcessBuilder("clamav-milter", "-c", dir.resolve("milter.conf").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("milter.out").toFile()).start();
        await(milterPort, milter, "milter.out");
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
        for (Process p : new Process[] {milter, clamd}) {
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
    void cleanAttachmentPasses() {
        Verdict v = RspamdMilterTest.scan(RspamdMilterTest.filter(milterPort, Duration.ofSeconds(30)),
                withAttachment("notes.txt", "minutes of the meeting\n"));
        assertEquals(Verdict.Action.CONTINUE, v.action(), v.toString());
    }
}
