package com.mailplatform.smtp.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mailplatform.smtp.parse.SyntaxException;
import com.mailplatform.smtp.parse.Xtext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SaslPlainTest {

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesPlainAndRefusesGarbage() {
        assertEquals(new SaslPlain("", "user@x.test", "pä ss"), SaslPlain.decode(b64("\0user@x.test\0pä ss")));
        assertNull(SaslPlain.decode("not base64!"));
        assertNull(SaslPlain.decode(b64("no-nul-at-all")));
        assertNull(SaslPlain.decode(b64("a\0b\0c\0d")));
        assertNull(SaslPlain.decode("A".repeat(SaslPlain.MAX_ENCODED + 4)));
    }

    @Test
    void xtextDecodesAndRefusesBadInput() throws Exception {
        assertEquals("a+b=c", Xtext.decode("a+2Bb+3Dc"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a+2"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a+zz"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a=b"));
        assertThrows(SyntaxException.class, () -> Xtext.decode("a b"));
    }
}
