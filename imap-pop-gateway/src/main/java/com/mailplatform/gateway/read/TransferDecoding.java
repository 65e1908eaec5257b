package com.mailplatform.gateway.read;

import com.mailplatform.common.imap.HeaderFields;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Undoes a part's Content-Transfer-Encoding (RFC 2045 section 6) for FETCH BINARY (RFC 3516). Lenient like mail
 * readers: characters outside the base64 alphabet are skipped, a malformed quoted-printable escape is kept as it
 * is; nothing here throws on hostile content.
 *
 * <p>Why in the gateway and not in mailbox-store: the store keeps one message-read API (FetchMessages with
 * SectionSpec, and the gateway's cache of its sections); BINARY asks it for the part and the part's MIME header,
 * both ordinary sections that BODY[] fetches share in the cache, so no new RPC, proto field or cache key is
 * needed, and the decoding CPU is spent in the stateless gateway that scales out rather than in the store.
 */
public final class TransferDecoding {

    /** The part's encoding is not one RFC 2045 defines (RFC 3516 section 4.3: NO [UNKNOWN-CTE]). */
    public static final class UnknownEncoding extends Exception {
        public UnknownEncoding(String encoding) {
            super(encoding, null, false, false);
        }
    }

    private TransferDecoding() {
    }

    /** The decoded octets of {@code body}, whose MIME header (the part's .MIME section) is {@code mimeHeader}. */
    public static byte[] decode(byte[] body, byte[] mimeHeader) throws UnknownEncoding {
        String cte = encoding(mimeHeader);
        return switch (cte) {
            case "", "7bit", "8bit", "binary" -> body;
            case "base64" -> base64(body);
            case "quoted-printable" -> quotedPrintable(body);
            default -> throw new UnknownEncoding(cte);
        };
    }

    /** The Content-Transfer-Encoding token, lower-cased, without comments; "" when there is none. */
    static String encoding(byte[] mimeHeader) {
        String field = new String(HeaderFields.filter(mimeHeader, List.of("Content-Transfer-Encoding"), true), StandardCharsets.ISO_8859_1);
        int colon = field.indexOf(':');
        if (colon < 0) {
            return "";
        }
        String value = field.substring(colon + 1).replaceAll("\\([^)]*\\)", " ").strip();
        int end = 0;
        while (end < value.length() && value.charAt(end) > ' ') {
            end++;
        }
        return value.substring(0, end).toLowerCase(Locale.ROOT);
    }

    static byte[] base64(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3 / 4 + 3);
        int bits = 0;
        int n = 0;
        for (byte b : in) {
            int v = value(b);
            if (b == '=') {
                break;
            }
            if (v < 0) {
                continue;
            }
            bits = (bits << 6) | v;
            if (++n == 4) {
                out.write(bits >> 16);
                out.write(bits >> 8);
                out.write(bits);
                bits = 0;
                n = 0;
            }
        }
        // a final group of 2 or 3 characters carries 1 or 2 octets (RFC 4648 section 4)
        if (n == 2) {
            out.write(bits >> 4);
        } else if (n == 3) {
            out.write(bits >> 10);
            out.write(bits >> 2);
        }
        return out.toByteArray();
    }

    private static int value(byte b) {
        if (b >= 'A' && b <= 'Z') {
            return b - 'A';
        }
        if (b >= 'a' && b <= 'z') {
            return b - 'a' + 26;
        }
        if (b >= '0' && b <= '9') {
            return b - '0' + 52;
        }
        return b == '+' ? 62 : b == '/' ? 63 : -1;
    }

    /** RFC 2045 section 6.7: =XX escapes, soft line breaks, and transport padding before a line end removed. */
    static byte[] quotedPrintable(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int i = 0;
        while (i < in.length) {
            byte b = in[i];
            if (b == ' ' || b == '\t') {
                int j = i;
                while (j < in.length && (in[j] == ' ' || in[j] == '\t')) {
                    j++;
                }
                if (j == in.length || in[j] == '\r' || in[j] == '\n') {
                    i = j; // rule 3: trailing white space is padding
                } else {
                    out.write(in, i, j - i);
                    i = j;
                }
                continue;
            }
            if (b == '=') {
                int j = i + 1;
                while (j < in.length && (in[j] == ' ' || in[j] == '\t')) {
                    j++;
                }
                if (j < in.length && in[j] == '\n') {
                    i = j + 1; // soft line break (bare LF tolerated)
                    continue;
                }
                if (j + 1 < in.length && in[j] == '\r' && in[j + 1] == '\n') {
                    i = j + 2;
                    continue;
                }
                if (j == in.length) {
                    i = j; // "=" at the very end: a soft break without its line end
                    continue;
                }
                if (i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                    out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
                    i += 3;
                    continue;
                }
            }
            out.write(b);
            i++;
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
    }
}
