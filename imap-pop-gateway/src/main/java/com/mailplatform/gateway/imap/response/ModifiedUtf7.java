package com.mailplatform.gateway.imap.response;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Modified UTF-7 (RFC 3501 section 5.1.3): how IMAP4rev1 clients spell non-ASCII mailbox names. Printable ASCII
 * stands for itself except "&", which is "&-"; anything else is UTF-16 in modified base64 (RFC 2152 with "," for
 * "/") between "&" and "-". Decoding is strict: a spelling the RFC forbids (printable ASCII encoded, a shift that
 * does not end, bits left over, raw 8-bit) is not a name, so a name has exactly one spelling.
 */
public final class ModifiedUtf7 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    private ModifiedUtf7() {
    }

    public static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && (s.charAt(i) < 0x20 || s.charAt(i) > 0x7e)) {
                i++;
            }
            out.append('&');
            base64(s.substring(start, i).getBytes(StandardCharsets.UTF_16BE), out);
            out.append('-');
        }
        return out.toString();
    }

    private static void base64(byte[] b, StringBuilder out) {
        int bits = 0;
        int n = 0;
        for (byte x : b) {
            bits = (bits << 8) | (x & 0xff);
            n += 8;
            while (n >= 6) {
                n -= 6;
                out.append(ALPHABET.charAt((bits >> n) & 0x3f));
            }
        }
        if (n > 0) {
            out.append(ALPHABET.charAt((bits << (6 - n)) & 0x3f));
        }
    }

    /** The name a rev1 client meant, or IllegalArgumentException when the spelling is not modified UTF-7. */
    public static String decode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c > 0x7e || c < 0x20) {
                throw new IllegalArgumentException("8-bit or control character in a modified UTF-7 name");
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = s.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated modified UTF-7 shift");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                String decoded = utf16(s.substring(i + 1, end));
                for (int k = 0; k < decoded.length(); k++) {
                    char d = decoded.charAt(k);
                    if (d >= 0x20 && d <= 0x7e) {
                        throw new IllegalArgumentException("printable ASCII must not be base64-encoded");
                    }
                }
                out.append(decoded);
                // RFC 3501 section 5.1.3: two shifts in a row would be one
                if (end + 1 < s.length() && s.charAt(end + 1) == '&' && (end + 2 >= s.length() || s.charAt(end + 2) != '-')) {
                    throw new IllegalArgumentException("adjacent modified UTF-7 shifts");
                }
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static String utf16(String b64) {
        byte[] bytes = new byte[b64.length() * 6 / 8];
        int bits = 0;
        int n = 0;
        int len = 0;
        for (int k = 0; k < b64.length(); k++) {
            int v = ALPHABET.indexOf(b64.charAt(k));
            if (v < 0) {
                throw new IllegalArgumentException("not modified base64");
            }
            bits = (bits << 6) | v;
            n += 6;
            if (n >= 8) {
                n -= 8;
                bytes[len++] = (byte) (bits >> n);
            }
        }
        if (n >= 6 || (bits & ((1 << n) - 1)) != 0 || len % 2 != 0) {
            throw new IllegalArgumentException("modified base64 with bits left over");
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_16BE.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("broken UTF-16 in modified UTF-7");
        }
    }
}
