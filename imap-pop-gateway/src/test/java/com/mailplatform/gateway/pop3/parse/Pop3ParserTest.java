package com.mailplatform.gateway.pop3.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pop3ParserTest {

    private static Pop3Command parse(String line) {
        return Pop3Parser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(String line) {
        return reason(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(byte[] line) {
        return assertThrows(Pop3ParseException.class, () -> Pop3Parser.parse(line)).reason();
    }

    @Test
    void everyCommandParses() {
        assertEquals(new Pop3Command.User("alice@example.org"), parse("USER alice@example.org"));
        assertEquals(new Pop3Command.Pass("secret"), parse("PASS secret"));
        assertEquals(new Pop3Command.Stat(), parse("STAT"));
        assertEquals(new Pop3Command.List(OptionalInt.empty()), parse("LIST"));
        assertEquals(new Pop3Command.List(OptionalInt.of(2)), parse("LIST 2"));
        assertEquals(new Pop3Command.Retr(1), parse("RETR 1"));
        assertEquals(new Pop3Command.Dele(7), parse("DELE 7"));
        assertEquals(new Pop3Command.Noop(), parse("NOOP"));
        assertEquals(new Pop3Command.Rset(), parse("RSET"));
        assertEquals(new Pop3Command.Quit(), parse("QUIT"));
        assertEquals(new Pop3Command.Top(3, 10), parse("TOP 3 10"));
        assertEquals(new Pop3Command.Uidl(OptionalInt.empty()), parse("UIDL"));
        assertEquals(new Pop3Command.Uidl(OptionalInt.of(5)), parse("UIDL 5"));
        assertEquals(new Pop3Command.Capa(), parse("CAPA"));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertEquals(new Pop3Command.Stat(), parse("stat"));
        assertEquals(new Pop3Command.Retr(1), parse("rEtR 1"));
        assertEquals(new Pop3Command.Top(1, 0), parse("top 1 0"));
    }

    @Test
    void passwordKeepsSpacesAndCase() {
        // RFC 1939 section 7: spaces belong to the password
        assertEquals(new Pop3Command.Pass("my Secret  pass "), parse("PASS my Secret  pass "));
        assertEquals(new Pop3Command.Pass(" leading"), parse("PASS  leading"));
        assertEquals(new Pop3Command.Pass("pässwörd"), parse("PASS pässwörd"));
    }

    @Test
    void passwordNeverInToString() {
        assertEquals("Pass[***]", parse("PASS hunter2").toString());
    }

    @Test
    void userForgivesSurroundingSpacesButNotTwoNames() {
        assertEquals(new Pop3Command.User("bob@example.org"), parse("USER  bob@example.org  "));
        assertEquals(Pop3Parser.TOO_MANY_ARGUMENTS, reason("USER bob@example.org other"));
        assertEquals(new Pop3Command.User("jörg@exämple.org"), parse("USER jörg@exämple.org"));
    }

    @Test
    void trailingAndRepeatedSpacesAreForgiven() {
        assertEquals(new Pop3Command.Stat(), parse("STAT "));
        assertEquals(new Pop3Command.Top(2, 5), parse("TOP  2   5 "));
    }

    @Test
    void missingArguments() {
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("USER"));
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("USER   "));
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("PASS"));
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("PASS "));
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("RETR"));
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("DELE "));
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("TOP 1"));
        assertEquals(Pop3Parser.MISSING_ARGUMENT, reason("TOP"));
    }

    @Test
    void tooManyArguments() {
        assertEquals(Pop3Parser.TOO_MANY_ARGUMENTS, reason("STAT 1"));
        assertEquals(Pop3Parser.TOO_MANY_ARGUMENTS, reason("LIST 1 2"));
        assertEquals(Pop3Parser.TOO_MANY_ARGUMENTS, reason("RETR 1 2"));
        assertEquals(Pop3Parser.TOO_MANY_ARGUMENTS, reason("TOP 1 2 3"));
        assertEquals(Pop3Parser.TOO_MANY_ARGUMENTS, reason("QUIT now"));
        assertEquals(Pop3Parser.TOO_MANY_ARGUMENTS, reason("CAPA x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETR 0", "RETR -1", "RETR +1", "RETR 1.0", "RETR 0x10", "RETR 1e3", "RETR abc",
            "RETR 2147483648", "RETR 99999999999999999999999999999999", "RETR 00000000001", "DELE -0", "LIST 0",
            "UIDL -5", "TOP 0 1", "TOP x 1", "RETR ١"})
    void badMessageNumbers(String line) {
        assertEquals(Pop3Parser.INVALID_MESSAGE_NUMBER, reason(line));
    }

    @Test
    void numberBounds() {
        assertEquals(new Pop3Command.Retr(Integer.MAX_VALUE), parse("RETR 2147483647"));
        assertEquals(new Pop3Command.Retr(1), parse("RETR 001"));
        // RFC 1939 section 7: n is non-negative, so 0 is fine for TOP's line count
        assertEquals(new Pop3Command.Top(1, 0), parse("TOP 1 0"));
        assertEquals(Pop3Parser.INVALID_LINE_COUNT, reason("TOP 1 -1"));
        assertEquals(Pop3Parser.INVALID_LINE_COUNT, reason("TOP 1 2147483648"));
        assertEquals(Pop3Parser.INVALID_LINE_COUNT, reason("TOP 1 ten"));
    }

    @Test
    void stlsTakesNoArguments() {
        // RFC 2595 section 4
        assertEquals(new Pop3Command.Stls(), parse("STLS"));
        assertEquals(new Pop3Command.Stls(), parse("stls"));
        assertTrue(reason("STLS now") != null);
    }

    @Test
    void unknownCommands() {
        for (String line : new String[] {"", " ", "XYZZY", "AP", "APOP bob 0123", "AUTH PLAIN", "LAST", "HELO x",
                "STATS", "S TAT", " STAT", "ST4T", "RETR1", "LIS T"}) {
            assertEquals(Pop3Parser.UNKNOWN_COMMAND, reason(line), line);
        }
    }

    @Test
    void nonAsciiKeywordIsUnknown() {
        assertEquals(Pop3Parser.UNKNOWN_COMMAND, reason("STÄT"));
        assertEquals(Pop3Parser.UNKNOWN_COMMAND, reason(new byte[] {(byte) 0xFF, (byte) 0xFE, 'A', 'T'}));
        // a Cyrillic "С" looks like a Latin C
        assertEquals(Pop3Parser.UNKNOWN_COMMAND, reason("САРА"));
    }

    @Test
    void controlCharactersAreRejected() {
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason(new byte[] {'S', 'T', 'A', 'T', 0}));
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason(new byte[] {'U', 'S', 'E', 'R', ' ', 'a', 0, 'b'}));
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason(new byte[] {'P', 'A', 'S', 'S', ' ', 0}));
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason("STAT\r"));
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason("RETR\t1"));
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason("NOOP\u007f"));
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason(new byte[] {0, 0, 0, 0}));
    }

    @Test
    void invalidUtf8InCredentialsIsRejected() {
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason(new byte[] {'P', 'A', 'S', 'S', ' ', (byte) 0xC3}));
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason(new byte[] {'U', 'S', 'E', 'R', ' ', (byte) 0xFF, 'a'}));
        // overlong encoding of '/'
        assertEquals(Pop3Parser.INVALID_CHARACTERS, reason(new byte[] {'P', 'A', 'S', 'S', ' ', (byte) 0xC0, (byte) 0xAF}));
    }

    @Test
    void lineLimitIs255OctetsWithCrlf() {
        // RFC 2449 section 4: 255 octets including CRLF, so 253 before it
        byte[] ok = line("PASS ", 253);
        assertEquals(253 - 5, ((Pop3Command.Pass) Pop3Parser.parse(ok)).password().length());
        assertEquals(Pop3Parser.LINE_TOO_LONG, reason(line("PASS ", 254)));
        assertEquals(Pop3Parser.LINE_TOO_LONG, reason(line("USER ", 100_000)));
        // the length check comes first: a huge line of NULs is "too long", and no work is done on it
        assertEquals(Pop3Parser.LINE_TOO_LONG, reason(new byte[Pop3Parser.FRAMER_LIMIT]));
    }

    @Test
    void hugeNumberWithinLineLimit() {
        byte[] line = line("RETR ", 250);
        Arrays.fill(line, 5, line.length, (byte) '9');
        assertEquals(Pop3Parser.INVALID_MESSAGE_NUMBER, reason(line));
    }

    private static byte[] line(String prefix, int total) {
        byte[] b = new byte[total];
        Arrays.fill(b, (byte) 'x');
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, b, 0, p.length);
        return b;
    }
}
