package com.mailplatform.mailctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** mailctl queue without a server: postcat's layout, the summary, and command lines refused before any request. */
class QueueCommandsTest {

    private static final String MESSAGE = "{\"envelope\":{\"queueId\":\"ABC123\",\"sender\":\"s@x.test\",\"size\":5000,"
            + "\"receivedAt\":\"2026-12-03T00:00:00Z\",\"recipients\":[{\"recipient\":\"r@slow.test\",\"status\":\"deferred\","
            + "\"attempts\":2,\"lastDsn\":\"4.4.1\",\"lastReply\":\"connect refused\"}]},"
            + "\"headers\":\"Subject: hi\\r\\nFrom: <s@x.test>\",\"body\":\"line \\u001b[31mred\\r\\n\",\"shownBytes\":40,\"truncated\":true}";

    @Test
    void postcatLayoutWithControlCharactersNeutralised() throws Exception {
        JsonNode m = Api.JSON.readTree(MESSAGE);
        String all = QueueCommands.postcat(m, true, true, true);
        assertEquals("""
                *** ENVELOPE RECORDS ABC123 ***
                message_size: 5000
                message_arrival_time: 2026-12-03T00:00:00Z
                sender: s@x.test
                recipient: r@slow.test  (deferred, attempts 2, 4.4.1 connect refused)
                *** MESSAGE CONTENTS ABC123 ***
                Subject: hi
                From: <s@x.test>

                line ?[31mred

                *** TRUNCATED after 40 of 5000 bytes (--max-bytes) ***
                *** MESSAGE FILE END ABC123 ***
                """, all);
        String body = QueueCommands.postcat(m, false, false, true);
        assertTrue(body.startsWith("*** MESSAGE CONTENTS ABC123 ***\nline ?[31mred\n"), body);
    }

    @Test
    void summaryCountsAndNamesTheMessages() throws Exception {
        assertEquals("would delete: 2 message(s), 3 recipient(s)\n  A1\n  B2\n", QueueCommands.summary(Api.JSON.readTree(
                "{\"action\":\"delete\",\"dryRun\":true,\"messages\":2,\"recipients\":3,\"queueIds\":[\"A1\",\"B2\"]}")));
    }

    @Test
    void selectionsThatMakeNoSenseAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, run("queue", "hold"));
        assertEquals(ExitCodes.USAGE, run("queue", "retry", "ABC123", "--domain", "x.test"));
        assertEquals(ExitCodes.USAGE, run("queue", "delete", "ALL", "--recipient", "a@x.test"));
        assertEquals(ExitCodes.USAGE, run("queue", "frobnicate"));
        for (String[] help : new String[][]{{"queue", "--help"}, {"queue", "retry", "--help"}, {"queue", "show", "--help"}}) {
            StringWriter out = new StringWriter();
            assertEquals(0, Mailctl.run(new PrintWriter(out), new PrintWriter(new StringWriter()), help), String.join(" ", help));
            assertTrue(out.toString().contains("Usage: mailctl queue"), out.toString());
        }
    }

    private static int run(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--url";
        all[1] = "http://127.0.0.1:1";
        all[2] = "--token";
        all[3] = "t";
        System.arraycopy(args, 0, all, 4, args.length);
        return Mailctl.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), all);
    }
}
