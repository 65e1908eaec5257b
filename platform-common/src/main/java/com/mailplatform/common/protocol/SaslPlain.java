package com.mailplatform.common.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * RFC 4616: the PLAIN message {@code [authzid] NUL authcid NUL passwd}, base64 in SMTP (RFC 4954 section 4) and
 * IMAP (RFC 9051 section 6.2.2). One decoder for every protocol, so all judge a credential alike.
 */
public record SaslPlain(String authzid, String authcid, String password) {

    /** Also bounds LOGIN's username and password: nothing longer is a real credential. */
    public static final int MAX_ENCODED = 4096;

    /** Null when the response is not valid base64 or not a PLAIN message. */
    public static SaslPlain decode(String base64) {
        byte[] raw = base64Decode(base64);
        if (raw == null) {
            return null;
        }
        String s = new String(raw, StandardCharsets.UTF_8);
        int a = s.indexOf('\0');
        int b = a < 0 ? -1 : s.indexOf('\0', a + 1);
        if (a < 0 || b < 0 || s.indexOf('\0', b + 1) >= 0) {
            return null;
        }
        return new SaslPlain(s.substring(0, a), s.substring(a + 1, b), s.substring(b + 1));
    }

    /**
     * The user to check the password of, or null when the message asks to act as someone else (proxy
     * authorization is not offered: RFC 4616 section 2 lets the server refuse it) or names nobody.
     */
    public String login() {
        if (authcid.isEmpty() || (!authzid.isEmpty() && !authzid.equalsIgnoreCase(authcid))) {
            return null;
        }
        return authcid;
    }

    /** Null when not base64 (or longer than any credential). */
    public static byte[] base64Decode(String s) {
        if (s.length() > MAX_ENCODED) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
