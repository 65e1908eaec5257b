package com.mailplatform.gateway.imap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** QUOTA (RFC 9208 section 7), COMPRESS (RFC 4978 section 3) and BINARY (RFC 3516 section 6) syntax, good and hostile. */
class QuotaCompressParserTest {

    private static ImapCommand parse(String s) throws ImapParseException {
        return ImapParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ImapParseException bad(String s) {
        return assertThrows(ImapParseException.class, () -> parse(s));
    }

    @Test
    void quotaCommands() throws Exception {
        assertEquals(new ImapCommand.GetQuotaRoot("a", "INBOX"), parse("a GETQUOTAROOT INBOX\r\n"));
        assertEquals(new ImapCommand.GetQuotaRoot("a", "Sent Items"), parse("a getquotaroot \"Sent Items\"\r\n"));
        assertEquals(new ImapCommand.GetQuota("b", ""), parse("b GETQUOTA \"\"\r\n"));
        assertEquals(new ImapCommand.GetQuota("b", "user.x"), parse("b GETQUOTA {6}\r\nuser.x\r\n"));
        ImapCommand.SetQuota set = (ImapCommand.SetQuota) parse("c SETQUOTA \"\" (storage 512 MESSAGE 1000)\r\n");
        assertEquals(Map.of("STORAGE", 512L, "MESSAGE", 1000L), set.limits());
        assertEquals(Map.of(), ((ImapCommand.SetQuota) parse("c SETQUOTA \"\" ()\r\n")).limits());
    }

    @Test
    void badQuotaSyntaxIsAParseError() {
        assertEquals("a", bad("a GETQUOTAROOT\r\n").tag());
        bad("a GETQUOTA\r\n");
        bad("a GETQUOTA \"\" extra\r\n");
        bad("a SETQUOTA \"\"\r\n");
        bad("a SETQUOTA \"\" (STORAGE)\r\n");
        bad("a SETQUOTA \"\" (STORAGE -1)\r\n");
        bad("a SETQUOTA \"\" (STORAGE 99999999999999999999)\r\n");
        bad("a SETQUOTA \"\" (STORAGE 1\r\n");
        bad("a SETQUOTA \"\" (" + "X 1 ".repeat(200).trim() + ")\r\n");
    }

    @Test
    void compress() throws Exception {
        assertEquals(new ImapCommand.Compress("z", "DEFLATE"), parse("z compress deflate\r\n"));
        assertEquals(new ImapCommand.Compress("z", "LZ4"), parse("z COMPRESS LZ4\r\n"));
        bad("z COMPRESS\r\n");
        bad("z COMPRESS DEFLATE DEFLATE\r\n");
        bad("z COMPRESS (DEFLATE)\r\n");
    }

    @Test
    void binaryFetchItemsAndLiteral8Append() throws Exception {
        ImapCommand.Fetch f = (ImapCommand.Fetch) parse("f FETCH 1 (BINARY[1.2]<0.100> binary.peek[] BINARY.SIZE[3])\r\n");
        assertEquals(new FetchAtt.Binary(false, false, "1.2", 0, 100), f.items().get(0));
        assertEquals("BINARY[1.2]<0>", ((FetchAtt.Binary) f.items().get(0)).responseName());
        assertEquals(new FetchAtt.Binary(true, false, "", -1, -1), f.items().get(1));
        assertEquals(new FetchAtt.Binary(false, true, "3", -1, -1), f.items().get(2));
        assertEquals("BINARY.SIZE[3]", ((FetchAtt.Binary) f.items().get(2)).responseName());
        for (String item : new String[]{"BINARY", "BINARY[HEADER]", "BINARY[1.MIME]", "BINARY[1.TEXT]", "BINARY[0]", "BINARY[1.0]",
                "BINARY[1.]", "BINARY[.1]", "BINARY[1]<0.0>", "BINARY.SIZE[1]<0.5>", "BINARY.PEEK", "BINARY[1", "BINARY[" + "1.".repeat(80) + "1]"}) {
            assertEquals("f", bad("f FETCH 1 " + item + "\r\n").tag(), item);
        }
        byte[] withNul = "a APPEND INBOX ~{3}\r\nx\0y\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ImapCommand.Append a = (ImapCommand.Append) ImapParser.parse(withNul);
        assertEquals("x\0y", new String(a.message(), StandardCharsets.ISO_8859_1));
    }
}
