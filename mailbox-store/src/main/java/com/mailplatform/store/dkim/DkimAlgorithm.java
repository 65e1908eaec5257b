package com.mailplatform.store.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** The two signing algorithms a domain may have keys for, with their key generation and DNS key record. */
public enum DkimAlgorithm {

    /** RFC 6376 section 3.3.1; 2048 bits as RFC 8301 section 3.2 asks of signers. */
    RSA_SHA256("rsa-sha256", "rsa", 'r'),
    /** RFC 8463. */
    ED25519_SHA256("ed25519-sha256", "ed25519", 'e');

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 section 4): the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final String tag;
    private final String keyType;
    private final char selectorSuffix;

    DkimAlgorithm(String tag, String keyType, char selectorSuffix) {
        this.tag = tag;
        this.keyType = keyType;
        this.selectorSuffix = selectorSuffix;
    }

    /** The value of the signature's {@code a=} tag. */
    public String tag() {
        return tag;
    }

    public char selectorSuffix() {
        return selectorSuffix;
    }

    public static Optional<DkimAlgorithm> of(String tag) {
        String t = tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.tag.equals(t)).findFirst();
    }

    public KeyPair generate() throws GeneralSecurityException {
        if (this == RSA_SHA256) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /**
     * The TXT record to publish at {@code <selector>._domainkey.<domain>} (RFC 6376 section 3.6.1). RSA's p= is the
     * base64 SubjectPublicKeyInfo; Ed25519's is the raw 32-byte key, not its SPKI (RFC 8463 section 4).
     */
    public String txtRecord(byte[] subjectPublicKeyInfo) {
        byte[] p = subjectPublicKeyInfo;
        if (this == ED25519_SHA256) {
            if (p.length != ED25519_SPKI_PREFIX.length + 32
                    || !Arrays.equals(p, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
                throw new IllegalArgumentException("not an Ed25519 SubjectPublicKeyInfo");
            }
            p = Arrays.copyOfRange(p, ED25519_SPKI_PREFIX.length, p.length);
        }
        return "v=DKIM1; k=" + keyType + "; p=" + Base64.getEncoder().encodeToString(p);
    }
}
