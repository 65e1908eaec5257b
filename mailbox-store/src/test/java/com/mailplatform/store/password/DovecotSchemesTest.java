package com.mailplatform.store.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors made by Debian's Dovecot 2.3: {@code doveadm pw -s SCHEME -p secret [-r rounds]}. */
class DovecotSchemesTest {

    static final DovecotSchemes.Limits DEFAULTS = new DovecotSchemes.Limits(false, 14, 1_000_000, 1_000_000, 65536, 10, 8);
    final DovecotSchemes schemes = new DovecotSchemes(DEFAULTS);

    static final List<String> SECRET = List.of(
            "{SHA512-CRYPT}$6$9ygOmNyOmFGLlx3z$MRiizZLmJNPxoOfOiiCfKf7nABKCIDrdEp8/rVjjJ2aMeAM9K9hIlhHLJUvU8Yvd9Kz5fQtFh4I0CdEbOOeyi1",
            "{SHA512-CRYPT}$6$rounds=10000$dUe1dByVy1BxloWX$aX0QCsJrehVLbWC0/AF5pT1URRvl8BbcyZFrfQOCvB4wSmPbtoB3eE7OSDSknU5YBCZokrZ4fuWZHUybbY01x0",
            "{SHA256-CRYPT}$5$eLaoAMbAC53gOLD2$nvksaS4tbT6bV1ZK2dDpqeL6X9FtwVK0erPrBIN/2p1",
            "{SHA256-CRYPT}$5$rounds=8000$0Xnp2l.Pi/gqVNJj$WyaAVsjeu1cnf3p6pCoYlxPc.9rdeuIpig.nip4kzE9",
            "{BLF-CRYPT}$2y$05$Pz5ppVtpmDfbheiTuLaaZeYBYVCeJVpYaZzldjKJNoDwlkbxjyKF2",
            "{BLF-CRYPT}$2y$06$dEY0frMpK1zppbVNbNkYwO5gq5Ht45RW9u/7e1nQsV.XMm9E9K1zm",
            "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$gjBXAgOkBozAOe3cpU/TWg$Npnrp2LwmyWmegmVe/CK6iZL5y3fr37DQJFlueiN/iI",
            "{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$e+vkzM9C/W+BF8ugmprcwg$l1yW+R20HtLnIf7mubLft7s+KVhLo4g0ruqFSlxD7jw",
            "{PBKDF2}$1$tx3iNs.W6qOyuFLX$5000$d42e742677dd2ecda2f6fa89a5b843bad1c88950",
            "{PBKDF2}$1$mFeSKxX5k0DUK3OU$1000$0658fe4d598e0d56c788a7acdba6ade66158202e",
            "{SSHA512}FoQyk4adAVleLGlBH7tBpZMPxnO+LtiZIaYf1RDYag0ENCg++JAdHprqyUSe3GogJIRG0rQaaL/tCwo35xsuhigvmGY=",
            "{SSHA256}K/JVfnfAOGTKjp/rON1XeT/KpuY1ntxFYm5oWLV7dyQ/Oaxb",
            "{SSHA}Lu7/l28Rs7S4CKscA7EIDoeDPd9V06AD",
            "{SHA512}vSsar3708Jvp9Szi2NWZZ02Bqp1qRCFpbcTZPdBhnWgs5WtNZKnvCXdhztmeD2cmW192CF5bDufKRpayrW/isg==",
            "{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=",
            "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
            "{MD5-CRYPT}$1$1lhznPJz$dCl3z7NvZamR0IOZQyR3p1",
            // Dovecot's {CRYPT} is crypt(3): the $id$ names the algorithm
            "{CRYPT}$6$9ygOmNyOmFGLlx3z$MRiizZLmJNPxoOfOiiCfKf7nABKCIDrdEp8/rVjjJ2aMeAM9K9hIlhHLJUvU8Yvd9Kz5fQtFh4I0CdEbOOeyi1",
            // scheme names are case-insensitive in Dovecot
            "{sha512-crypt}$6$9ygOmNyOmFGLlx3z$MRiizZLmJNPxoOfOiiCfKf7nABKCIDrdEp8/rVjjJ2aMeAM9K9hIlhHLJUvU8Yvd9Kz5fQtFh4I0CdEbOOeyi1");

    @Test
    void everySchemeVerifiesDovecotsVectorsAndRejectsAWrongPassword() {
        for (String hash : SECRET) {
            schemes.check(hash);
            assertTrue(schemes.verify("secret", hash), hash);
            assertFalse(schemes.verify("secreT", hash), hash);
            assertFalse(schemes.verify("", hash), hash);
        }
    }

    @Test
    void passwordsAreUtf8() {
        assertTrue(schemes.verify("pässword-ü",
                "{SHA512-CRYPT}$6$rN25NlNpdRXKtE4K$APGJVw22twzkYs9Q.UOyOIg63LNojzQiFXKEehTfV/184UHpBn/EMhewrj1X8TtH30abIY/nWy/jAT2X.EpOC."));
        assertTrue(schemes.verify("secret2",
                "{SSHA512}NGBSvzpdMjMZte0KVoMb3hQlrNGgUQe9Phyaww0T1qJuLCeaeYCAzrY8ZhMlAK5qWw1/G1iHqxDPRmKcpLC8NDBK1kY="));
    }

    @Test
    void normalizeUpperCasesTheSchemeOnly() {
        assertEquals("{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=", schemes.normalize("{sha256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols="));
        assertEquals("SHA512-CRYPT", DovecotSchemes.scheme("{Sha512-Crypt}$6$x"));
        assertEquals(null, DovecotSchemes.scheme("$6$x"));
    }

    @Test
    void hostileCostsAreRefusedAtImportAndNeverComputed() {
        List<String> hostile = List.of(
                "{SHA512-CRYPT}$6$rounds=999999999$9ygOmNyOmFGLlx3z$MRiizZLmJNPxoOfOiiCfKf7nABKCIDrdEp8/rVjjJ2aMeAM9K9hIlhHLJUvU8Yvd9Kz5fQtFh4I0CdEbOOeyi1",
                "{SHA256-CRYPT}$5$rounds=2147483648$eLaoAMbAC53gOLD2$nvksaS4tbT6bV1ZK2dDpqeL6X9FtwVK0erPrBIN/2p1",
                "{BLF-CRYPT}$2y$31$Pz5ppVtpmDfbheiTuLaaZeYBYVCeJVpYaZzldjKJNoDwlkbxjyKF2",
                "{PBKDF2}$1$tx3iNs.W6qOyuFLX$2147483647$d42e742677dd2ecda2f6fa89a5b843bad1c88950",
                "{ARGON2ID}$argon2id$v=19$m=4194304,t=3,p=1$gjBXAgOkBozAOe3cpU/TWg$Npnrp2LwmyWmegmVe/CK6iZL5y3fr37DQJFlueiN/iI",
                "{ARGON2ID}$argon2id$v=19$m=65536,t=2147483647,p=1$gjBXAgOkBozAOe3cpU/TWg$Npnrp2LwmyWmegmVe/CK6iZL5y3fr37DQJFlueiN/iI",
                "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=255$gjBXAgOkBozAOe3cpU/TWg$Npnrp2LwmyWmegmVe/CK6iZL5y3fr37DQJFlueiN/iI");
        long start = System.nanoTime();
        for (String hash : hostile) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schemes.check(hash), hash);
            assertTrue(e.getMessage().contains("mailbox.passwords.max-"), e.getMessage());
            assertFalse(schemes.verify("secret", hash), "verify applies the same limits: " + hash);
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "nothing was computed");
    }

    @Test
    void malformedAndRefusedHashesGetAMessageNeverAnotherException() {
        List<String> bad = List.of("", "secret", "{}x", "{SHA512-CRYPT}", "{SHA512-CRYPT}$6$salt$short", "{SHA512-CRYPT}$5$eLaoAMbAC53gOLD2$nvksaS4tbT6bV1ZK2dDpqeL6X9FtwVK0erPrBIN/2p1",
                "{BLF-CRYPT}$2y$xx$Pz5ppVtpmDfbheiTuLaaZeYBYVCeJVpYaZzldjKJNoDwlkbxjyKF2", "{SSHA512}not base64!", "{SSHA512}c2hvcnQ=",
                "{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unol", "{PBKDF2}$1$salt$0$d42e742677dd2ecda2f6fa89a5b843bad1c88950",
                "{ARGON2ID}$argon2i$v=19$m=32768,t=4,p=1$e+vkzM9C/W+BF8ugmprcwg$l1yW+R20HtLnIf7mubLft7s+KVhLo4g0ruqFSlxD7jw",
                "{ARGON2ID}$argon2id$v=99$m=65536,t=3,p=1$gjBXAgOkBozAOe3cpU/TWg$Npnrp2LwmyWmegmVe/CK6iZL5y3fr37DQJFlueiN/iI",
                "{CRYPT}abJnggxhB/yWI", "{NOPE}x", "{PLAIN}secret",
                "{CRAM-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56",
                "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\u0000", "{SHA}" + "A".repeat(600));
        for (String hash : bad) {
            assertThrows(IllegalArgumentException.class, () -> schemes.check(hash), hash);
            assertFalse(schemes.verify("secret", hash), hash);
        }
    }

    @Test
    void plaintextSchemesOnlyWhenTheOperatorEnablesThem() {
        assertThrows(IllegalArgumentException.class, () -> schemes.check("{PLAIN}secret"));
        DovecotSchemes lenient = new DovecotSchemes(new DovecotSchemes.Limits(true, 14, 1_000_000, 1_000_000, 65536, 10, 8));
        assertTrue(lenient.verify("secret", "{PLAIN}secret"));
        assertTrue(lenient.verify("secret", "{CLEAR}secret"));
        assertFalse(lenient.verify("secret2", "{PLAIN}secret"));
        assertThrows(IllegalArgumentException.class, () -> lenient.check("{CRAM-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56"),
                "CRAM-MD5 cannot be verified from a plain password, enabled or not");
    }
}
