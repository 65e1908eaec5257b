package com.mailplatform.mailctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a server: tables, exit codes of failures that need no API. The API paths are in e2e-tests. */
class MailctlTest {

    @Test
    void tablesAlignAndNeutraliseControlCharacters() throws Exception {
        JsonNode rows = Api.JSON.readTree("[{\"a\":\"x\",\"b\":[\"1\",\"2\"]},{\"a\":\"longer\\u001b[31m\",\"b\":null}]");
        String t = Table.render(List.of(Table.col("A", "a"), Table.col("B", "b")), rows);
        assertEquals("A            B\nx            1, 2\nlonger?[31m  -\n", t);
    }

    @Test
    void pathsThroughArraysCollectEveryElement() throws Exception {
        JsonNode entry = Api.JSON.readTree("{\"recipients\":[{\"recipient\":\"a@x.test\"},{\"recipient\":\"b@x.test\"}]}");
        assertEquals("a@x.test, b@x.test", Table.text(Table.at(entry, "recipients.recipient")));
    }

    @Test
    void httpStatusesMapToDocumentedExitCodes() {
        assertEquals(ExitCodes.INVALID, ExitCodes.forHttpStatus(400));
        assertEquals(ExitCodes.NOT_FOUND, ExitCodes.forHttpStatus(404));
        assertEquals(ExitCodes.CONFLICT, ExitCodes.forHttpStatus(409));
        assertEquals(ExitCodes.AUTH, ExitCodes.forHttpStatus(401));
        assertEquals(ExitCodes.AUTH, ExitCodes.forHttpStatus(403));
        assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.forHttpStatus(503));
        assertEquals(ExitCodes.FAILURE, ExitCodes.forHttpStatus(500));
    }

    @Test
    void missingTokenUnreachableServerAndBadUsage() {
        assertEquals(ExitCodes.AUTH, run("--url", "http://127.0.0.1:1", "domain", "list"));
        assertEquals(ExitCodes.UNAVAILABLE, run("--url", "http://127.0.0.1:1", "--token", "t", "domain", "list"));
        assertEquals(ExitCodes.USAGE, run("--token", "t", "alias", "create", "only-one-arg@example.test"));
        assertEquals(ExitCodes.USAGE, run("nonsense"));
        StringWriter out = new StringWriter();
        assertEquals(0, Mailctl.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help"));
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
    }

    @Test
    void dkimRecordsPrintAsZoneFileStringsOfAtMost255() throws Exception {
        String p = "A".repeat(392);
        JsonNode key = Api.JSON.readTree("{\"selector\":\"s202611r\",\"algorithm\":\"rsa-sha256\",\"active\":true,"
                + "\"dnsName\":\"s202611r._domainkey.example.test\",\"txtRecord\":\"v=DKIM1; k=rsa; p=" + p + "\"}");
        String out = Commands.Dkim.record(key);
        String txt = "v=DKIM1; k=rsa; p=" + p;
        assertTrue(out.contains("publish    s202611r._domainkey.example.test. IN TXT ( \"" + txt.substring(0, 255) + "\" \""
                + txt.substring(255) + "\" )"), out);
        assertEquals(ExitCodes.USAGE, run("--token", "t", "dkim", "create", "example.test"));
    }

    private static int run(String... args) {
        return Mailctl.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }
}
