package com.mailplatform.gateway.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Content-Transfer-Encoding decoding for FETCH BINARY (RFC 2045 section 6, RFC 3516), with hostile input. */
class TransferDecodingTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String decode(String body, String header) throws Exception {
        return new String(TransferDecoding.decode(b(body), b(header)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodingsByTheirHeader() throws Exception {
        assertEquals("as is=41", decode("as is=41", "Content-Type: text/plain\r\n\r\n"), "no header: 7bit");
        assertEquals("as is=41", decode("as is=41", "Content-Transfer-Encoding: 8BIT\r\n\r\n"));
        assertEquals("hi", decode("aGk=", "content-transfer-encoding:\r\n base64 (folded, with a comment)\r\n\r\n"));
        assertEquals("A", decode("=41", "Content-Transfer-Encoding: Quoted-Printable\r\n\r\n"));
        TransferDecoding.UnknownEncoding e = assertThrows(TransferDecoding.UnknownEncoding.class,
                () -> decode("begin 644", "Content-Transfer-Encoding: x-uuencode\r\n\r\n"));
        assertEquals("x-uuencode", e.getMessage());
    }

    @Test
    void base64IsLenient() {
        assertEquals("hello world", new String(TransferDecoding.base64(b("aGVs\r\nbG8g\r\n d29y*bGQ=\r\n")), StandardCharsets.ISO_8859_1));
        assertEquals("hi", new String(TransferDecoding.base64(b("aGk")), StandardCharsets.ISO_8859_1), "missing padding");
        assertEquals("", new String(TransferDecoding.base64(b("====")), StandardCharsets.ISO_8859_1));
        assertEquals(0, TransferDecoding.base64(b("a")).length, "a lone sixth of an octet is nothing");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, TransferDecoding.base64(java.util.Base64.getMimeEncoder().encode(all)));
    }

    @Test
    void quotedPrintableRules() {
        assertEquals("café latte\r\nend", new String(TransferDecoding.quotedPrintable(b("caf=C3=A9 =\r\nlatte \t\r\nend")),
                StandardCharsets.UTF_8));
        assertEquals("a=zz=4 b", new String(TransferDecoding.quotedPrintable(b("a=zz=4 b=")), StandardCharsets.ISO_8859_1),
                "malformed escapes stay as they are, a final '=' goes");
        assertEquals("xy", new String(TransferDecoding.quotedPrintable(b("x=  \ny")), StandardCharsets.ISO_8859_1), "soft break with LF");
        assertEquals("\u00ff", new String(TransferDecoding.quotedPrintable(b("=ff")), StandardCharsets.ISO_8859_1));
    }

    @Test
    void randomInputNeverThrows() throws Exception {
        Random r = new Random(3516);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            TransferDecoding.base64(junk);
            TransferDecoding.quotedPrintable(junk);
            try {
                TransferDecoding.decode(junk, junk);
            } catch (TransferDecoding.UnknownEncoding expected) {
                // junk as a header names some unknown encoding: that is an answer, not a crash
            }
        }
    }
}
