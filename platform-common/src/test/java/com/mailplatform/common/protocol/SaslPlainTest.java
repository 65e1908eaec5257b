package com.mailplatform.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void proxyAuthorizationIsOnlyTheUserHimself() {
        assertEquals("user@x.test", SaslPlain.decode(b64("\0user@x.test\0pw")).login());
        assertEquals("user@x.test", SaslPlain.decode(b64("USER@x.test\0user@x.test\0pw")).login());
        assertNull(SaslPlain.decode(b64("other@x.test\0user@x.test\0pw")).login(), "acting as another user is not offered");
        assertNull(SaslPlain.decode(b64("\0\0pw")).login(), "empty authcid");
    }
}
