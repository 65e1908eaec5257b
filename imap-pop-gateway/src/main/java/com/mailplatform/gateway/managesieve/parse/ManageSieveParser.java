package com.mailplatform.gateway.managesieve.parse;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ManageSieve commands from bytes (RFC 5804 section 4): keyword, then arguments separated by one space, each a
 * quoted string (with \" and \\ escapes), a literal ({n+} or {n} then CRLF and n octets) or a number, ending in
 * CRLF. Pure: the caller hands the bytes received so far and learns whether a whole command is there. Limits: a
 * line, a literal and the whole command are bounded (smaller before authentication), strings must be UTF-8.
 */
public final class ManageSieveParser {

    /** Longest command line outside literals. */
    public static final int MAX_LINE = 8192;
    /** Largest literal before authentication (an AUTHENTICATE response); after it, the script limit applies. */
    public static final int MAX_LITERAL_UNAUTHENTICATED = 8192;
    /** Most arguments of any command. */
    public static final int MAX_ARGS = 4;

    /** Arity per command: {min, max}. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("AUTHENTICATE", new int[]{1, 2}), Map.entry("STARTTLS", new int[]{0, 0}),
            Map.entry("LOGOUT", new int[]{0, 0}), Map.entry("CAPABILITY", new int[]{0, 0}),
            Map.entry("HAVESPACE", new int[]{2, 2}), Map.entry("PUTSCRIPT", new int[]{2, 2}),
            Map.entry("LISTSCRIPTS", new int[]{0, 0}), Map.entry("SETACTIVE", new int[]{1, 1}),
            Map.entry("GETSCRIPT", new int[]{1, 1}), Map.entry("DELETESCRIPT", new int[]{1, 1}),
            Map.entry("RENAMESCRIPT", new int[]{2, 2}), Map.entry("CHECKSCRIPT", new int[]{1, 1}),
            Map.entry("NOOP", new int[]{0, 1}), Map.entry("UNAUTHENTICATE", new int[]{0, 0}));

    /** A whole command and the bytes it took, or (command null) more bytes are needed. */
    public record Result(SieveCommand command, int consumed) {
        public boolean complete() {
            return command != null;
        }
    }

    private ManageSieveParser() {
    }

    /**
     * Parses the command at the start of {@code buf[0..len)}. {@code maxLiteral} is the largest literal accepted
     * now. Throws for a command that can never become valid; the caller then skips {@link #skip} bytes.
     */
    public static Result parse(byte[] buf, int len, int maxLiteral) throws SieveParseException {
        int p = 0;
        int lineStart = 0;
        List<String> args = new ArrayList<>();
        // keyword: an atom
        int k = p;
        while (p < len && isAtomChar(buf[p])) {
            p++;
        }
        if (p == len) {
            return needMore(len - lineStart);
        }
        String keyword = new String(buf, k, p - k, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        int[] arity = ARITY.get(keyword);
        if (keyword.isEmpty()) {
            throw new SieveParseException("expected a command");
        }
        if (arity == null) {
            throw new SieveParseException("unknown command");
        }
        while (true) {
            if (p + 1 < len && buf[p] == '\r' && buf[p + 1] == '\n') {
                p += 2;
                break;
            }
            if (p >= len || (p + 1 == len && buf[p] == '\r')) {
                return needMore(p - lineStart);
            }
            if (buf[p] != ' ') {
                throw new SieveParseException("expected a space or CRLF");
            }
            p++;
            if (p >= len) {
                return needMore(p - lineStart);
            }
            if (args.size() == MAX_ARGS) {
                throw new SieveParseException("too many arguments");
            }
            byte c = buf[p];
            if (c == '"') {
                int q = p + 1;
                java.io.ByteArrayOutputStream s = new java.io.ByteArrayOutputStream();
                boolean closed = false;
                while (q < len) {
                    byte b = buf[q];
                    if (b == '\\') {
                        if (q + 1 >= len) {
                            break;
                        }
                        byte e = buf[q + 1];
                        if (e != '"' && e != '\\') {
                            throw new SieveParseException("invalid escape in quoted string");
                        }
                        s.write(e);
                        q += 2;
                    } else if (b == '"') {
                        closed = true;
                        q++;
                        break;
                    } else if (b == '\r' || b == '\n' || b == 0) {
                        throw new SieveParseException("invalid character in quoted string");
                    } else {
                        s.write(b);
                        q++;
                    }
                    if (s.size() > MAX_LINE) {
                        throw new SieveParseException("quoted string too long");
                    }
                }
                if (!closed) {
                    return needMore(q - lineStart);
                }
                args.add(utf8(s.toByteArray()));
                p = q;
            } else if (c == '{') {
                int q = p + 1;
                long n = 0;
                int digits = 0;
                while (q < len && buf[q] >= '0' && buf[q] <= '9') {
                    n = n * 10 + (buf[q] - '0');
                    digits++;
                    q++;
                    if (n > maxLiteral) {
                        throw new SieveParseException("literal too big");
                    }
                }
                if (q < len && buf[q] == '+') {
                    q++;
                }
                if (q + 2 >= len) {
                    if (digits == 0 && q < len && buf[q] != '}') {
                        throw new SieveParseException("invalid literal");
                    }
                    return needMore(q - lineStart);
                }
                if (digits == 0 || buf[q] != '}' || buf[q + 1] != '\r' || buf[q + 2] != '\n') {
                    throw new SieveParseException("invalid literal");
                }
                q += 3;
                if (len - q < n) {
                    return new Result(null, 0);
                }
                args.add(utf8(java.util.Arrays.copyOfRange(buf, q, q + (int) n)));
                p = q + (int) n;
                lineStart = p;
            } else if (c >= '0' && c <= '9') {
                int q = p;
                while (q < len && buf[q] >= '0' && buf[q] <= '9' && q - p < 10) {
                    q++;
                }
                args.add(new String(buf, p, q - p, StandardCharsets.US_ASCII));
                p = q;
            } else {
                throw new SieveParseException("expected a string or a number");
            }
            if (p - lineStart > MAX_LINE) {
                throw new SieveParseException("line too long");
            }
        }
        if (args.size() < arity[0] || args.size() > arity[1]) {
            throw new SieveParseException("wrong number of arguments for " + keyword);
        }
        return new Result(new SieveCommand(keyword, List.copyOf(args)), p);
    }

    private static Result needMore(int lineBytes) throws SieveParseException {
        if (lineBytes > MAX_LINE) {
            throw new SieveParseException("line too long");
        }
        return new Result(null, 0);
    }

    /**
     * After an error: the bytes up to and including the next CRLF (outside a literal it can no longer trust), or -1
     * when no CRLF has arrived yet.
     */
    public static int skip(byte[] buf, int len) {
        for (int i = 0; i + 1 < len; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private static boolean isAtomChar(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /** RFC 5804 section 4: strings are UTF-8 (scripts and names alike); anything else is refused. */
    private static String utf8(byte[] b) throws SieveParseException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new SieveParseException("string is not UTF-8");
        }
    }
}
