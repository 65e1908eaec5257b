package com.mailplatform.smtp.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real SMTP sessions (Python's smtplib, from chosen 127.0.0.x source addresses) into the running smtp-ingress with
 * its MTA listener checking senders against dnsmasq: DMARC p=reject with failing SPF and no DKIM is refused, an
 * aligned DKIM signature by Debian's dkimsign passes, p=quarantine goes to Junk, forged Authentication-Results with
 * our authserv-id disappear, and a DNSBL-listed client is refused at MAIL. Queued messages are read back from the
 * broker (envelope) and the blob stand-in (content).
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
@QuarkusTestResource(SenderChecksResource.class)
class SenderChecksSmtpTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Reply(String stage, int code, String text) {
    }

    static Reply send(String source, String mailFrom, byte[] message) throws Exception {
        Path file = Files.createTempFile("smtp", ".eml");
        Files.write(file, message);
        Path script = Path.of(SenderChecksSmtpTest.class.getResource("/smtp_send.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1",
                String.valueOf(SenderChecksResource.SMTP_PORT), source, "client.example", mailFrom, "rcpt@e2e.test",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "smtplib hangs");
        assertEquals(0, p.exitValue(), out);
        JsonNode n = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        return new Reply(n.get("stage").asText(), n.get("code").asInt(), n.get("reply").asText());
    }

    static String queueId(Reply r) {
        assertEquals(250, r.code(), r.toString());
        return r.text().substring(r.text().lastIndexOf(' ') + 1);
    }

    /** The queued content's Authentication-Results fields, unfolded. */
    static List<String> results(InboundMail mail) {
        byte[] content = MailboxStoreStandIn.BLOBS.get(mail.blobId());
        List<MessageEditor.Field> fields = MessageEditor.parse(content).fields();
        System.out.println("queued " + mail.queueId() + ":\n" + new String(content, 0,
                MessageEditor.parse(content).bodyStart(), StandardCharsets.UTF_8));
        assertEquals("Received", fields.get(0).name(), "our Received field comes first");
        return fields.stream().filter(f -> f.name().equalsIgnoreCase("Authentication-Results"))
                .map(f -> f.value().replace("\r\n\t", " ")).toList();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rejectPolicyWithFailingSpfAndNoDkimIsRefused() throws Exception {
        Reply r = send("127.0.0.1", "ceo@reject.test", bytes(AuthDns.message("ceo@reject.test", "invoice", "")));
        assertEquals(new Reply("data", 550, "5.7.1 rejected by DMARC policy for reject.test"), r);
    }

    @Test
    void alignedDkimPassIsQueuedWithDmarcPassAndForgedResultsRemoved() throws Exception {
        String forged = "Authentication-Results: " + SenderChecksResource.MYHOSTNAME + "; dmarc=pass header.from=pass.test\r\n"
                + "Authentication-Results: mx.elsewhere.example; spf=pass smtp.mailfrom=a@pass.test\r\n";
        byte[] signed = AuthDns.get().sign("pass.test", AuthDns.message("news@pass.test", "newsletter", forged));
        // The envelope sender is at a domain without SPF: DMARC passes through the aligned DKIM signature alone.
        Reply r = send("127.0.0.5", "bounces@nospf.test", signed);
        InboundMail mail = CapturedMail.take(queueId(r));
        List<String> ar = results(mail);
        assertEquals(2, ar.size(), ar.toString());
        String ours = ar.get(0);
        assertTrue(ours.matches(SenderChecksResource.MYHOSTNAME.replace(".", "\\.")
                + "; spf=none smtp\\.mailfrom=bounces@nospf\\.test; dkim=pass header\\.d=pass\\.test header\\.s=sel"
                + " header\\.b=[A-Za-z0-9+/]{8}; dmarc=pass \\(p=reject dis=none\\) header\\.from=pass\\.test"), ours);
        assertEquals("mx.elsewhere.example; spf=pass smtp.mailfrom=a@pass.test", ar.get(1), "a foreign one is kept");
        assertEquals(null, mail.mailbox());
    }

    @Test
    void quarantinePolicyFailingIsQueuedIntoJunk() throws Exception {
        Reply r = send("127.0.0.1", "a@quarantine.test", bytes(AuthDns.message("a@quarantine.test", "promo", "")));
        InboundMail mail = CapturedMail.take(queueId(r));
        assertEquals("Junk", mail.mailbox());
        List<String> ar = results(mail);
        assertEquals(List.of(SenderChecksResource.MYHOSTNAME + "; spf=fail smtp.mailfrom=a@quarantine.test; dkim=none;"
                + " dmarc=fail (p=quarantine dis=quarantine) header.from=quarantine.test"), ar);
    }

    @Test
    void listedClientIsRefusedAtMailUnlistedPasses() throws Exception {
        Reply listed = send(AuthDns.LISTED_CLIENT, "a@pass.test", bytes(AuthDns.message("a@pass.test", "hi", "")));
        assertEquals(new Reply("mail", 554,
                "5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.test"), listed);
        Reply unlisted = send("127.0.0.3", "a@pass.test", bytes(AuthDns.message("a@pass.test", "hi", "")));
        List<String> ar = results(CapturedMail.take(queueId(unlisted)));
        assertEquals(List.of(SenderChecksResource.MYHOSTNAME + "; spf=pass smtp.mailfrom=a@pass.test; dkim=none;"
                + " dmarc=pass (p=reject dis=none) header.from=pass.test"), ar);
    }
}
