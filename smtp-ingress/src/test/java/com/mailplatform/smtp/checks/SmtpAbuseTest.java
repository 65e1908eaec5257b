package com.mailplatform.smtp.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SMTP holes an attacker used, each as a real session over a raw socket into the running smtp-ingress (the
 * JUnit twins of smtp_security.py's hostile cases). Same test resources as {@link SenderChecksSmtpTest}, so the
 * application is started once for both. What was queued is read back from the real broker.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
@QuarkusTestResource(SenderChecksResource.class)
class SmtpAbuseTest {

    /** A plain SMTP client from a chosen loopback address (each test its own, so per-address counters stay apart). */
    static final class Raw implements AutoCloseable {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;

        Raw(String source, boolean waitForGreeting) throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", SenderChecksResource.SMTP_PORT));
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            if (waitForGreeting) {
                assertTrue(reply().startsWith("220 "));
            }
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void writeUtf8(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One complete reply (its last line), multi-line replies skipped to their end. */
        String reply() throws IOException {
            String line;
            do {
                line = line();
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("closed after " + b);
                }
                b.write(c);
            }
            return b.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        }

        /** Replies until the server closes or stays silent for a second. */
        List<String> rest() throws IOException {
            socket.setSoTimeout(1000);
            List<String> lines = new ArrayList<>();
            try {
                while (true) {
                    lines.add(line());
                }
            } catch (IOException e) {
                return lines;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String message(String from, String subject) {
        return "From: " + from + "\r\nTo: rcpt@e2e.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n";
    }

    /** Nothing with this subject was queued within a few seconds. */
    static void notQueued(String subject) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline) {
            InboundMail m = CapturedMail.QUEUED.poll(200, TimeUnit.MILLISECONDS);
            if (m != null) {
                String content = new String(MailboxStoreStandIn.BLOBS.get(m.blobId()), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(subject), "queued: " + content);
            }
        }
    }

    /**
     * Issue, finding 1: a DATA line over 1000 octets, then {@code <LF>.<CR><LF>}, then a second transaction: the
     * second message (From: boss@) was queued. Only CRLF.CRLF ends data, whatever came before.
     */
    @Test
    void smugglingBehindAnOverlongLineQueuesNothing() throws Exception {
        for (int length : new int[]{1001, 2000, 100_000}) {
            String subject = "smuggled-" + length;
            try (Raw c = new Raw("127.0.0.31", true)) {
                c.write("EHLO attacker.test\r\n");
                assertTrue(c.reply().startsWith("250 "));
                c.write("MAIL FROM:<a@nospf.test>\r\nRCPT TO:<rcpt@e2e.test>\r\nDATA\r\n");
                assertEquals("250 2.1.0 Ok", c.reply());
                assertEquals("250 2.1.5 Ok", c.reply());
                assertTrue(c.reply().startsWith("354 "));
                c.write("Subject: first\r\n\r\n" + "A".repeat(length) + "\n.\r\n"
                        + "MAIL FROM:<boss@e2e.test>\r\nRCPT TO:<rcpt@e2e.test>\r\nDATA\r\n"
                        + message("boss@e2e.test", subject) + ".\r\nQUIT\r\n");
                assertEquals("500 5.5.6 Error: text line longer than 1000 octets (RFC 5321 section 4.5.3.1.6)", c.reply(),
                        "one answer, for the one message the bytes hold, at its real end");
                assertEquals("221 2.0.0 Bye", c.reply(), "the smuggled MAIL/RCPT/DATA were never commands");
            }
            notQueued(subject);
        }
    }

    /** Issue, finding 8: after a refused DATA, pipelined body lines ran as commands (RFC 2920 section 3.1). */
    @Test
    void aBodyPipelinedBehindARefusedDataIsSwallowed() throws Exception {
        try (Raw c = new Raw("127.0.0.32", true)) {
            c.write("EHLO attacker.test\r\n");
            c.reply();
            c.write("MAIL FROM:<a@nospf.test>\r\nRCPT TO:<unknown-1@e2e.test>\r\nDATA\r\n"
                    + "MAIL FROM:<boss@e2e.test>\r\nRCPT TO:<rcpt@e2e.test>\r\nDATA\r\n"
                    + message("boss@e2e.test", "pipelined-body") + ".\r\nNOOP\r\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            assertTrue(c.reply().startsWith("550 5.1.1"));
            assertEquals("554 5.5.1 Error: no valid recipients", c.reply());
            assertEquals("250 2.0.0 Ok", c.reply(), "the next reply is the NOOP's: nothing of the body was run");
        }
        notQueued("pipelined-body");
    }

    /** Issue, finding 8: a client talking before the 220 was served (postscreen's pregreet test). */
    @Test
    void anEarlyTalkerIsRefused() throws Exception {
        try (Raw c = new Raw("127.0.0.33", false)) {
            c.write("EHLO spambot.test\r\nMAIL FROM:<a@nospf.test>\r\n");
            assertEquals("554 5.5.1 Error: protocol error: talking before the greeting", c.reply());
            assertEquals(List.of(), c.rest(), "and the connection is closed");
        }
    }

    /** Issue, finding 8: invalid UTF-8 in MAIL FROM with SMTPUTF8 got 250. */
    @Test
    void invalidUtf8InMailFromIsRefused() throws Exception {
        try (Raw c = new Raw("127.0.0.34", true)) {
            c.write("EHLO client.test\r\n");
            c.reply();
            c.write("MAIL FROM:<caf\u00e9\u00ff@nospf.test> SMTPUTF8\r\n");
            assertTrue(c.reply().startsWith("500 5.5.2"), "a 5xx, not 250");
        }
    }

    /**
     * Issue 14: RFC 6531 section 3.5, a UTF-8 address only in a transaction whose MAIL FROM had SMTPUTF8 (else
     * 553 5.6.7, the transaction going on); with it the recipient is accepted and queued as written, flagged SMTPUTF8.
     */
    @Test
    void utf8AddressesNeedSmtputf8OnMailFrom() throws Exception {
        String queueId;
        try (Raw c = new Raw("127.0.0.38", true)) {
            c.write("EHLO client.test\r\n");
            c.reply();
            c.writeUtf8("MAIL FROM:<j\u00fcrgen@nospf.test>\r\n");
            assertEquals("553 5.6.7 Non-ASCII addresses not permitted for that sender/recipient", c.reply());
            c.writeUtf8("MAIL FROM:<a@nospf.test>\r\nRCPT TO:<\u00fc@e2e.test>\r\nRCPT TO:<rcpt@e2e.test>\r\nRSET\r\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            assertEquals("553 5.6.7 Non-ASCII addresses not permitted for that sender/recipient", c.reply());
            assertEquals("250 2.1.5 Ok", c.reply(), "the transaction goes on");
            assertEquals("250 2.0.0 Ok", c.reply());
            c.writeUtf8("MAIL FROM:<j\u00fcrgen@nospf.test> SMTPUTF8\r\nRCPT TO:<\u00fc@e2e.test>\r\nDATA\r\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            assertEquals("250 2.1.5 Ok", c.reply());
            assertTrue(c.reply().startsWith("354"));
            c.write(message("a@nospf.test", "utf8") + ".\r\n");
            String r = c.reply();
            assertTrue(r.startsWith("250 2.0.0 Ok: queued as "), r);
            queueId = r.substring(r.lastIndexOf(' ') + 1);
        }
        InboundMail m = CapturedMail.take(queueId);
        assertTrue(m.smtputf8());
        assertEquals("j\u00fcrgen@nospf.test", m.mailFrom());
        assertEquals(List.of("\u00fc@e2e.test"), m.recipients());
    }

    /** Issue, finding 7: unauthenticated RET=FULL + NOTIFY=SUCCESS reflected the whole message to a forged sender. */
    @Test
    void dsnRequestsOfUntrustedClientsAreDropped() throws Exception {
        String queueId;
        try (Raw c = new Raw("127.0.0.35", true)) {
            c.write("EHLO client.test\r\n");
            c.reply();
            c.write("MAIL FROM:<victim@nospf.test> RET=FULL ENVID=x\r\nRCPT TO:<rcpt@e2e.test> NOTIFY=SUCCESS,FAILURE\r\nDATA\r\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            assertEquals("250 2.1.5 Ok", c.reply());
            assertTrue(c.reply().startsWith("354"));
            c.write(message("victim@nospf.test", "reflect") + ".\r\n");
            String r = c.reply();
            assertTrue(r.startsWith("250 2.0.0 Ok: queued as "), r);
            queueId = r.substring(r.lastIndexOf(' ') + 1);
        }
        InboundMail m = CapturedMail.take(queueId);
        assertNull(m.ret(), "RET=FULL is not honoured for an untrusted client");
        assertTrue(m.recipientDsn() == null || m.recipientDsn().stream().allMatch(d -> d.notifyOn() == null),
                "NOTIFY=SUCCESS is not honoured: " + m.recipientDsn());
    }

    /** Issue, finding 6: 200 unknown recipients over 40 sessions in 2.9 s went unthrottled. */
    @Test
    void unknownRecipientsAreCountedAcrossSessions() throws Exception {
        int answered = 0;
        String last = null;
        sessions:
        for (int session = 0; session < 40; session++) {
            try (Raw c = new Raw("127.0.0.36", true)) {
                c.write("EHLO harvester.test\r\n");
                c.reply();
                c.write("MAIL FROM:<a@nospf.test>\r\n");
                c.reply();
                for (int i = 0; i < 5; i++) {
                    c.write("RCPT TO:<unknown-" + session + "-" + i + "@e2e.test>\r\n");
                    last = c.reply();
                    if (last.startsWith("421")) {
                        break sessions;
                    }
                    answered++;
                }
            }
        }
        assertTrue(last.startsWith("421 4.7.0"), last);
        assertEquals(20, answered, "smtpd.client-unknown-recipient-limit (20 a minute) answered, then 421");
        try (Raw c = new Raw("127.0.0.36", true)) {
            c.write("EHLO harvester.test\r\nMAIL FROM:<a@nospf.test>\r\nRCPT TO:<rcpt@e2e.test>\r\n");
            c.reply();
            c.reply();
            assertTrue(c.reply().startsWith("421 4.7.0"), "a new session from that address is cut off before the look-up");
        }
        try (Raw c = new Raw("127.0.0.37", true)) {
            c.write("EHLO other.test\r\nMAIL FROM:<a@nospf.test>\r\nRCPT TO:<rcpt@e2e.test>\r\n");
            c.reply();
            c.reply();
            assertEquals("250 2.1.5 Ok", c.reply(), "another address is not affected");
        }
    }
}
