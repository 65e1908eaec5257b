package com.mailplatform.gateway.pop3.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.OptionalInt;

/**
 * Turns one command line (terminator already removed by the framer) into a {@link Pop3Command}. Pure: no I/O, no
 * session state, so every limit is unit-tested with hostile input. Whether a command is allowed in the current state,
 * and whether a message number exists, is the session's business.
 */
public final class Pop3Parser {

    /** RFC 2449 section 4: a command line is at most 255 octets, CRLF included. */
    public static final int MAX_COMMAND_OCTETS = 255;

    /**
     * What the line framer keeps before dropping a line. Larger than {@link #MAX_COMMAND_OCTETS} so that a line that is
     * merely too long still reaches {@link #parse} and gets its answer in order; only abusive lines are dropped early.
     */
    public static final int FRAMER_LIMIT = 1024;

    /** 2^31-1 has ten digits; anything longer cannot be a message number we would ever hold. */
    private static final int MAX_NUMBER_DIGITS = 10;

    public static final String LINE_TOO_LONG = "line too long";
    public static final String UNKNOWN_COMMAND = "unknown command";
    public static final String INVALID_CHARACTERS = "invalid characters in command";
    public static final String MISSING_ARGUMENT = "missing argument";
    public static final String TOO_MANY_ARGUMENTS = "too many arguments";
    public static final String INVALID_MESSAGE_NUMBER = "invalid message number";
    public static final String INVALID_LINE_COUNT = "invalid line count";

    private Pop3Parser() {
    }

    /**
     * @param line the command line without CRLF
     * @throws Pop3ParseException with the reason to send after {@code -ERR }
     */
    public static Pop3Command parse(byte[] line) {
        if (line.length + 2 > MAX_COMMAND_OCTETS) {
            throw new Pop3ParseException(LINE_TOO_LONG);
        }
        for (byte b : line) {
            // RFC 2449 section 4: keywords and arguments are printable; NUL, CR, TAB, DEL etc. never belong in a command
            if ((b & 0xFF) < 0x20 || b == 0x7F) {
                throw new Pop3ParseException(INVALID_CHARACTERS);
            }
        }
        int keywordEnd = indexOf(line, (byte) ' ');
        if (keywordEnd < 0) {
            keywordEnd = line.length;
        }
        String keyword = keyword(line, keywordEnd);
        if (keyword == null) {
            throw new Pop3ParseException(UNKNOWN_COMMAND);
        }
        // RFC 1939 section 3: keyword and argument are separated by a single space
        int argStart = Math.min(keywordEnd + 1, line.length);
        return switch (keyword) {
            case "USER" -> new Pop3Command.User(user(line, argStart));
            case "PASS" -> new Pop3Command.Pass(password(line, argStart));
            case "STAT" -> {
                args(line, argStart, 0, 0);
                yield new Pop3Command.Stat();
            }
            case "LIST" -> new Pop3Command.List(optionalMessage(args(line, argStart, 0, 1)));
            case "RETR" -> new Pop3Command.Retr(number(args(line, argStart, 1, 1).get(0), false, INVALID_MESSAGE_NUMBER));
            case "DELE" -> new Pop3Command.Dele(number(args(line, argStart, 1, 1).get(0), false, INVALID_MESSAGE_NUMBER));
            case "NOOP" -> {
                args(line, argStart, 0, 0);
                yield new Pop3Command.Noop();
            }
            case "RSET" -> {
                args(line, argStart, 0, 0);
                yield new Pop3Command.Rset();
            }
            case "QUIT" -> {
                args(line, argStart, 0, 0);
                yield new Pop3Command.Quit();
            }
            case "TOP" -> {
                java.util.List<String> a = args(line, argStart, 2, 2);
                // RFC 1939 section 7: msg is a message number, n a non-negative line count
                yield new Pop3Command.Top(number(a.get(0), false, INVALID_MESSAGE_NUMBER), number(a.get(1), true, INVALID_LINE_COUNT));
            }
            case "UIDL" -> new Pop3Command.Uidl(optionalMessage(args(line, argStart, 0, 1)));
            case "STLS" -> {
                args(line, argStart, 0, 0);
                yield new Pop3Command.Stls();
            }
            case "CAPA" -> {
                args(line, argStart, 0, 0);
                yield new Pop3Command.Capa();
            }
            default -> throw new Pop3ParseException(UNKNOWN_COMMAND);
        };
    }

    /** ASCII letters only, 3 or 4 of them (RFC 1939 section 3), upper-cased; null when it cannot be a keyword. */
    private static String keyword(byte[] line, int end) {
        if (end < 3 || end > 4) {
            return null;
        }
        char[] k = new char[end];
        for (int i = 0; i < end; i++) {
            int c = line[i] & 0xFF;
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            } else if (c < 'A' || c > 'Z') {
                return null;
            }
            k[i] = (char) c;
        }
        return new String(k);
    }

    /** The user name is one token (a full mail address); surrounding spaces are forgiven. */
    private static String user(byte[] line, int start) {
        int from = start;
        int to = line.length;
        while (from < to && line[from] == ' ') {
            from++;
        }
        while (to > from && line[to - 1] == ' ') {
            to--;
        }
        if (from == to) {
            throw new Pop3ParseException(MISSING_ARGUMENT);
        }
        for (int i = from; i < to; i++) {
            if (line[i] == ' ') {
                throw new Pop3ParseException(TOO_MANY_ARGUMENTS);
            }
        }
        return utf8(line, from, to);
    }

    /** RFC 1939 section 7: PASS has one argument, so spaces are part of the password, kept exactly. */
    private static String password(byte[] line, int start) {
        if (start >= line.length) {
            throw new Pop3ParseException(MISSING_ARGUMENT);
        }
        return utf8(line, start, line.length);
    }

    private static String utf8(byte[] line, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Pop3ParseException(INVALID_CHARACTERS);
        }
    }

    /** Space-separated tokens (runs of spaces forgiven), between {@code min} and {@code max} of them. */
    private static java.util.List<String> args(byte[] line, int start, int min, int max) {
        java.util.List<String> out = new ArrayList<>(2);
        int i = start;
        while (i < line.length) {
            if (line[i] == ' ') {
                i++;
                continue;
            }
            int j = i;
            while (j < line.length && line[j] != ' ') {
                j++;
            }
            if (out.size() == max) {
                throw new Pop3ParseException(TOO_MANY_ARGUMENTS);
            }
            // ISO-8859-1 maps every byte to one char, so a non-ASCII byte survives to fail the digit check
            out.add(new String(line, i, j - i, StandardCharsets.ISO_8859_1));
            i = j;
        }
        if (out.size() < min) {
            throw new Pop3ParseException(MISSING_ARGUMENT);
        }
        return out;
    }

    private static OptionalInt optionalMessage(java.util.List<String> args) {
        return args.isEmpty() ? OptionalInt.empty() : OptionalInt.of(number(args.get(0), false, INVALID_MESSAGE_NUMBER));
    }

    /** Plain decimal digits only: no sign, no spaces, at most 2^31-1; zero only where {@code zeroOk}. */
    static int number(String token, boolean zeroOk, String reason) {
        if (token.isEmpty() || token.length() > MAX_NUMBER_DIGITS) {
            throw new Pop3ParseException(reason);
        }
        long value = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new Pop3ParseException(reason);
            }
            value = value * 10 + (c - '0');
        }
        if (value > Integer.MAX_VALUE || (value == 0 && !zeroOk)) {
            throw new Pop3ParseException(reason);
        }
        return (int) value;
    }

    private static int indexOf(byte[] line, byte b) {
        for (int i = 0; i < line.length; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
