package com.mailplatform.gateway.managesieve.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManageSieveParserTest {

    private static ManageSieveParser.Result parse(String s, int maxLiteral) throws SieveParseException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ManageSieveParser.parse(b, b.length, maxLiteral);
    }

    @Test
    void commandsWithQuotedStringsLiteralsAndNumbers() throws Exception {
        ManageSieveParser.Result r = parse("putscript \"my \\\"s\\\\\" {9+}\r\nkeep;\r\n# \r\nNOOP\r\n", 100);
        assertTrue(r.complete());
        assertEquals(new SieveCommand("PUTSCRIPT", List.of("my \"s\\", "keep;\r\n# ")), r.command());
        assertEquals("putscript \"my \\\"s\\\\\" {9+}\r\nkeep;\r\n# \r\n".length(), r.consumed());
        assertEquals(List.of("a", "1024"), parse("HAVESPACE \"a\" 1024\r\n", 10).command().args());
        assertEquals(List.of("PLAIN", "AGRlbW8AcHc="), parse("AUTHENTICATE \"PLAIN\" \"AGRlbW8AcHc=\"\r\n", 10).command().args());
        assertEquals("LOGOUT", parse("logout\r\n", 10).command().keyword());
        assertEquals(List.of("caf\u00e9"), parse("GETSCRIPT {5}\r\ncaf\u00e9\r\n", 10).command().args());
    }

    @Test
    void partialInputAsksForMore() throws Exception {
        String whole = "PUTSCRIPT \"a\" {5+}\r\nkeep;\r\n";
        for (int i = 0; i < whole.length(); i++) {
            assertFalse(parse(whole.substring(0, i), 100).complete(), "prefix " + i);
        }
        assertTrue(parse(whole, 100).complete());
    }

    @Test
    void badCommandsAreErrorsNotCrashes() {
        assertThrows(SieveParseException.class, () -> parse("FROB\r\n", 10));
        assertThrows(SieveParseException.class, () -> parse("GETSCRIPT\r\n", 10), "arity");
        assertThrows(SieveParseException.class, () -> parse("LOGOUT \"x\"\r\n", 10));
        assertThrows(SieveParseException.class, () -> parse("PUTSCRIPT \"a\" {99999999999}\r\n", 1000), "literal over the limit");
        assertThrows(SieveParseException.class, () -> parse("GETSCRIPT \"a\rb\"\r\n", 10));
        assertThrows(SieveParseException.class, () -> parse("GETSCRIPT \"\\n\"\r\n", 10));
        assertThrows(SieveParseException.class, () -> parse("GETSCRIPT (x)\r\n", 10));
        byte[] bad = {'G', 'E', 'T', 'S', 'C', 'R', 'I', 'P', 'T', ' ', '"', (byte) 0xff, '"', '\r', '\n'};
        assertThrows(SieveParseException.class, () -> ManageSieveParser.parse(bad, bad.length, 10), "not UTF-8");
        assertThrows(SieveParseException.class, () -> parse("NOOP \"" + "x".repeat(9000), 10), "line limit without CRLF");
        assertEquals(6, ManageSieveParser.skip("FROB\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII), 12));
    }

    /** Random bytes: only a result or a SieveParseException, never another exception or a hang. */
    @Test
    void randomInput() {
        Random rnd = new Random(5804);
        String alphabet = "PUTSCRIPT NOOP {}+0123456789\"\\\r\n ab\u00e9";
        for (int i = 0; i < 20000; i++) {
            StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "PUTSCRIPT " : "");
            int n = rnd.nextInt(40);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            try {
                ManageSieveParser.Result r = parse(sb.toString(), 64);
                assertTrue(r.consumed() <= sb.toString().getBytes(StandardCharsets.UTF_8).length);
            } catch (SieveParseException expected) {
                // a protocol error
            }
        }
    }
}
