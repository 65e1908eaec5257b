package com.mailplatform.store.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Password hashes in Dovecot's {@code {SCHEME}data} syntax (Dovecot's "Password Schemes" page, doveadm-pw(1)), so
 * that accounts move in from a Dovecot passdb with the hashes they have. {@link #check} vets a hash when it is
 * imported: a scheme the platform cannot verify, a malformed hash or a cost above the limits (a hostile
 * {@code $6$rounds=999999999$} would burn a core at every login) is refused there, not found out at login.
 * {@link #verify} compares in constant time and re-applies the same limits, so a hash that got past them some other
 * way still cannot cost more than they allow. Pure functions; CPU-heavy ones must run on a worker thread.
 */
public final class DovecotSchemes {

    /**
     * Cost bounds on imported hashes, and whether plaintext schemes ({PLAIN}, {CLEAR}, {CLEARTEXT}) are accepted.
     */
    public record Limits(boolean allowPlaintext, int maxBcryptCost, int maxCryptRounds, int maxPbkdf2Rounds,
                         int maxArgon2MemoryKib, int maxArgon2Iterations, int maxArgon2Parallelism) {
    }

    /** Longer than any hash of the supported schemes (an Argon2 PHC string with a 64-byte hash is ~170). */
    public static final int MAX_HASH_CHARS = 512;

    private static final Pattern PREFIX = Pattern.compile("^\\{([A-Za-z0-9._-]{1,32})\\}");
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}$");
    // crypt(5): $id$[rounds=N$]salt$hash; Dovecot writes salts of 16 characters of the crypt alphabet
    private static final Pattern SHA_CRYPT = Pattern.compile("^\\$([56])\\$(?:rounds=(\\d{1,10})\\$)?[./A-Za-z0-9]{1,16}\\$([./A-Za-z0-9]+)$");
    private static final Pattern MD5_CRYPT = Pattern.compile("^\\$1\\$[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}$");
    // password-scheme-pbkdf2.c: $1$salt$rounds$hex(PBKDF2-HMAC-SHA1, 20 bytes); the salt is used as its ASCII bytes
    private static final Pattern PBKDF2 = Pattern.compile("^\\$1\\$([^$]{1,64})\\$(\\d{1,10})\\$([0-9a-fA-F]{40})$");
    // the PHC string format Argon2's reference code and libsodium write: $argon2id$v=19$m=..,t=..,p=..$salt$hash
    private static final Pattern ARGON2 = Pattern.compile(
            "^\\$(argon2id|argon2i)\\$(?:v=(\\d{1,3})\\$)?m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{6,88})$");

    private final Limits limits;

    public DovecotSchemes(Limits limits) {
        this.limits = limits;
    }

    /** The scheme's name in upper case ({@code SHA512-CRYPT}), or null when {@code stored} has no {SCHEME} prefix. */
    public static String scheme(String stored) {
        Matcher m = stored == null ? null : PREFIX.matcher(stored);
        return m != null && m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
    }

    /**
     * The hash in the form it is stored in: the scheme's name in upper case (Dovecot reads it case-insensitively),
     * the rest as given. Throws IllegalArgumentException, with a message fit for an operator, when the platform would
     * not accept it (see the class comment).
     */
    public String normalize(String stored) {
        check(stored);
        String scheme = scheme(stored);
        return "{" + scheme + "}" + stored.substring(scheme.length() + 2);
    }

    /** Throws IllegalArgumentException when {@code stored} is not a hash the platform accepts. */
    public void check(String stored) {
        if (stored == null || stored.isEmpty()) {
            throw new IllegalArgumentException("password hash is empty");
        }
        if (stored.length() > MAX_HASH_CHARS) {
            throw new IllegalArgumentException("password hash is longer than " + MAX_HASH_CHARS + " characters");
        }
        String scheme = scheme(stored);
        if (scheme == null) {
            throw new IllegalArgumentException("password hash must start with a {SCHEME} prefix, e.g. {SHA512-CRYPT}");
        }
        String data = stored.substring(scheme.length() + 2);
        if (!data.chars().allMatch(c -> c > 0x20 && c < 0x7f) && !isPlain(scheme)) {
            throw new IllegalArgumentException("password hash has characters outside printable ASCII");
        }
        switch (scheme) {
            case "BLF-CRYPT" -> bcryptCost(data);
            case "SHA512-CRYPT" -> shaCryptRounds(data, '6');
            case "SHA256-CRYPT" -> shaCryptRounds(data, '5');
            case "MD5-CRYPT", "MD5" -> require(MD5_CRYPT.matcher(data).matches(), scheme);
            case "CRYPT" -> checkCrypt(data);
            case "PBKDF2" -> pbkdf2(data);
            case "ARGON2ID", "ARGON2I" -> argon2(data, scheme);
            case "SSHA512", "SSHA256", "SSHA", "SMD5", "SHA512", "SHA256", "SHA", "SHA1", "LDAP-MD5" -> digest(scheme, data);
            case "PLAIN-MD5" -> require(data.matches("[0-9a-fA-F]{32}"), scheme);
            case "PLAIN", "CLEAR", "CLEARTEXT" -> {
                if (!limits.allowPlaintext()) {
                    throw new IllegalArgumentException("{" + scheme + "} stores the password in clear; refused unless"
                            + " mailbox.passwords.allow-plaintext-schemes=true");
                }
            }
            case "CRAM-MD5", "HMAC-MD5", "DIGEST-MD5", "PLAIN-TRUNC", "SCRAM-SHA-1", "SCRAM-SHA-256" -> throw new IllegalArgumentException(
                    "{" + scheme + "} is not supported: it cannot be verified against a password given at login here;"
                            + " set a password or import another scheme");
            default -> throw new IllegalArgumentException("unknown password scheme {" + scheme + "}");
        }
    }

    /** True when {@code password} matches {@code stored}; false for a hash {@link #check} would refuse. */
    public boolean verify(String password, String stored) {
        try {
            check(stored);
        } catch (IllegalArgumentException refused) {
            return false;
        }
        String scheme = scheme(stored);
        String data = stored.substring(scheme.length() + 2);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try {
            return switch (scheme) {
                case "BLF-CRYPT" -> OpenBSDBCrypt.checkPassword(data, password.toCharArray());
                case "SHA512-CRYPT" -> same(Sha2Crypt.sha512Crypt(pw, data), data);
                case "SHA256-CRYPT" -> same(Sha2Crypt.sha256Crypt(pw, data), data);
                case "MD5-CRYPT", "MD5" -> same(Md5Crypt.md5Crypt(pw, data), data);
                case "CRYPT" -> verify(password, "{" + cryptScheme(data) + "}" + data);
                case "PBKDF2" -> verifyPbkdf2(pw, data);
                case "ARGON2ID", "ARGON2I" -> verifyArgon2(pw, data);
                case "PLAIN-MD5" -> MessageDigest.isEqual(md("MD5").digest(pw), HexFormat.of().parseHex(data));
                case "PLAIN", "CLEAR", "CLEARTEXT" -> same(password, data);
                default -> verifyDigest(scheme, pw, data);
            };
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static boolean isPlain(String scheme) {
        return scheme.equals("PLAIN") || scheme.equals("CLEAR") || scheme.equals("CLEARTEXT");
    }

    private static void require(boolean ok, String scheme) {
        if (!ok) {
            throw new IllegalArgumentException("malformed {" + scheme + "} hash");
        }
    }

    private void bcryptCost(String data) {
        Matcher m = BCRYPT.matcher(data);
        require(m.matches(), "BLF-CRYPT");
        within("BLF-CRYPT", "cost", Integer.parseInt(m.group(1)), 4, limits.maxBcryptCost(), "max-bcrypt-cost");
    }

    private static void within(String scheme, String what, long value, long min, long max, String setting) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("{" + scheme + "} " + what + " " + value + " is outside " + min + ".." + max
                    + " (mailbox.passwords." + setting + ")");
        }
    }

    private void shaCryptRounds(String data, char id) {
        String scheme = id == '6' ? "SHA512-CRYPT" : "SHA256-CRYPT";
        Matcher m = SHA_CRYPT.matcher(data);
        require(m.matches() && m.group(1).charAt(0) == id && m.group(3).length() == (id == '6' ? 86 : 43), scheme);
        // crypt(5): 5000 rounds when not given; glibc raises fewer than 1000 to 1000
        within(scheme, "rounds", m.group(2) == null ? 5000 : Long.parseLong(m.group(2)), 0, limits.maxCryptRounds(), "max-crypt-rounds");
    }

    private void checkCrypt(String data) {
        // Dovecot's {CRYPT} is libc crypt(3): the $id$ prefix names the algorithm
        String scheme = cryptScheme(data);
        if (scheme == null) {
            throw new IllegalArgumentException("{CRYPT} with DES or an unknown crypt(3) id is not supported");
        }
        check("{" + scheme + "}" + data);
    }

    private static String cryptScheme(String data) {
        if (data.startsWith("$6$")) {
            return "SHA512-CRYPT";
        }
        if (data.startsWith("$5$")) {
            return "SHA256-CRYPT";
        }
        if (data.startsWith("$1$")) {
            return "MD5-CRYPT";
        }
        return data.startsWith("$2") ? "BLF-CRYPT" : null;
    }

    private void pbkdf2(String data) {
        Matcher m = PBKDF2.matcher(data);
        require(m.matches(), "PBKDF2");
        within("PBKDF2", "rounds", Long.parseLong(m.group(2)), 1, limits.maxPbkdf2Rounds(), "max-pbkdf2-rounds");
    }

    private boolean verifyPbkdf2(byte[] pw, String data) {
        Matcher m = PBKDF2.matcher(data);
        require(m.matches(), "PBKDF2");
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA1Digest());
        gen.init(pw, m.group(1).getBytes(StandardCharsets.UTF_8), Integer.parseInt(m.group(2)));
        byte[] derived = ((KeyParameter) gen.generateDerivedParameters(160)).getKey();
        return MessageDigest.isEqual(derived, HexFormat.of().parseHex(m.group(3).toLowerCase(Locale.ROOT)));
    }

    private void argon2(String data, String scheme) {
        Matcher m = ARGON2.matcher(data);
        require(m.matches() && m.group(1).equalsIgnoreCase(scheme), scheme);
        long memory = Long.parseLong(m.group(3));
        long iterations = Long.parseLong(m.group(4));
        long parallelism = Long.parseLong(m.group(5));
        if (m.group(2) != null && !m.group(2).equals("19") && !m.group(2).equals("16")) {
            throw new IllegalArgumentException("{" + scheme + "} version v=" + m.group(2) + " is unknown");
        }
        if (memory > limits.maxArgon2MemoryKib() || iterations < 1 || iterations > limits.maxArgon2Iterations()
                || parallelism < 1 || parallelism > limits.maxArgon2Parallelism() || memory < 8 * parallelism) {
            throw new IllegalArgumentException("{" + scheme + "} parameters m=" + memory + ",t=" + iterations + ",p=" + parallelism
                    + " are outside m<=" + limits.maxArgon2MemoryKib() + " KiB, t<=" + limits.maxArgon2Iterations() + ", p<="
                    + limits.maxArgon2Parallelism() + " (mailbox.passwords.max-argon2-*)");
        }
        int salt = unpadded(m.group(6)).length;
        int hash = unpadded(m.group(7)).length;
        require(salt >= 8 && hash >= 4, scheme);
    }

    private boolean verifyArgon2(byte[] pw, String data) {
        Matcher m = ARGON2.matcher(data);
        require(m.matches(), "ARGON2");
        int version = m.group(2) == null || m.group(2).equals("16") ? Argon2Parameters.ARGON2_VERSION_10 : Argon2Parameters.ARGON2_VERSION_13;
        Argon2Parameters params = new Argon2Parameters.Builder(m.group(1).equals("argon2id") ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i)
                .withVersion(version)
                .withMemoryAsKB(Integer.parseInt(m.group(3)))
                .withIterations(Integer.parseInt(m.group(4)))
                .withParallelism(Integer.parseInt(m.group(5)))
                .withSalt(unpadded(m.group(6)))
                .build();
        byte[] expected = unpadded(m.group(7));
        byte[] actual = new byte[expected.length];
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        gen.generateBytes(pw, actual);
        return MessageDigest.isEqual(actual, expected);
    }

    /** Dovecot's {SSHA512} etc.: base64(digest(password + salt) + salt); the unsalted ones: base64(digest(password)). */
    private static int digestLength(String scheme) {
        return switch (scheme) {
            case "SSHA512", "SHA512" -> 64;
            case "SSHA256", "SHA256" -> 32;
            case "SSHA", "SHA", "SHA1" -> 20;
            default -> 16; // SMD5, LDAP-MD5
        };
    }

    private static String algorithm(String scheme) {
        return switch (digestLength(scheme)) {
            case 64 -> "SHA-512";
            case 32 -> "SHA-256";
            case 20 -> "SHA-1";
            default -> "MD5";
        };
    }

    private static void digest(String scheme, String data) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed {" + scheme + "} hash: not base64");
        }
        int len = digestLength(scheme);
        boolean salted = scheme.startsWith("SSHA") || scheme.equals("SMD5");
        require(salted ? raw.length > len && raw.length <= len + 64 : raw.length == len, scheme);
    }

    private static boolean verifyDigest(String scheme, byte[] pw, String data) {
        byte[] raw = Base64.getDecoder().decode(data);
        int len = digestLength(scheme);
        MessageDigest md = md(algorithm(scheme));
        md.update(pw);
        md.update(raw, len, raw.length - len); // the salt; nothing for the unsalted schemes
        byte[] expected = new byte[len];
        System.arraycopy(raw, 0, expected, 0, len);
        return MessageDigest.isEqual(md.digest(), expected);
    }

    private static MessageDigest md(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unpadded(String b64) {
        return Base64.getDecoder().decode(b64);
    }

    /** Constant-time for strings of equal length (the length of a hash is no secret). */
    private static boolean same(String computed, String stored) {
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
    }
}
