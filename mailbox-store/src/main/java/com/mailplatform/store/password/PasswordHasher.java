package com.mailplatform.store.password;

import com.mailplatform.store.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.Context;
import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Password hashes in Dovecot's {@code {SCHEME}hash} form, so an operator can move hashes between the platform and
 * a Dovecot passdb. New hashes are {@code {BLF-CRYPT}} (bcrypt, {@code $2y$}); hashes of Dovecot's other schemes
 * can be imported ({@link DovecotSchemes}) and verify too, and {@link #needsUpgrade} says which to rewrite at the next
 * login. Hashing and verifying are CPU-heavy on purpose: call them from a worker thread, never an event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    public static final String BLF_CRYPT = "{BLF-CRYPT}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int cost;
    /** Compared against when the user does not exist, so both paths cost the same time. */
    private final String decoy;
    private final LongAdder verifications = new LongAdder();
    private final DovecotSchemes schemes;

    public PasswordHasher(StoreConfig config) {
        this.cost = Math.max(4, Math.min(31, config.bcryptCost()));
        StoreConfig.Passwords p = config.passwords();
        // the platform's own cost is always accepted back (an export from another replica with a higher setting)
        this.schemes = new DovecotSchemes(new DovecotSchemes.Limits(p.allowPlaintextSchemes(), Math.max(cost, p.maxBcryptCost()),
                p.maxCryptRounds(), p.maxPbkdf2Rounds(), p.maxArgon2MemoryKib(), p.maxArgon2Iterations(), p.maxArgon2Parallelism()));
        this.decoy = hash("decoy-password-never-matches");
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return BLF_CRYPT + OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
    }

    /** True when {@code password} matches {@code stored}; unknown schemes never match. */
    public boolean verify(String password, String stored) {
        if (Context.isOnEventLoopThread()) {
            // 70 ms of bcrypt would stall every connection of this event loop (Worker.offload it)
            throw new IllegalStateException("password verification on an event loop thread");
        }
        verifications.increment();
        if (stored == null) {
            OpenBSDBCrypt.checkPassword(decoy.substring(BLF_CRYPT.length()), password.toCharArray());
            return false;
        }
        if (stored.startsWith(BLF_CRYPT)) {
            try {
                return OpenBSDBCrypt.checkPassword(stored.substring(BLF_CRYPT.length()), password.toCharArray());
            } catch (IllegalArgumentException badHash) {
                return false;
            }
        }
        return schemes.verify(password, stored);
    }

    /**
     * An imported hash in the form it is stored in; IllegalArgumentException (with a message for the operator) when
     * its scheme is unknown or refused, it is malformed, or its cost is above the limits (mailbox.passwords.*).
     */
    public String importable(String hash) {
        return schemes.normalize(hash);
    }

    /** True when a successful login should rewrite {@code stored} as a hash of the default scheme. */
    public boolean needsUpgrade(String stored) {
        return stored != null && !stored.startsWith(BLF_CRYPT);
    }

    /** How many verifications ran bcrypt (the credential cache answers the others). */
    public long verifications() {
        return verifications.sum();
    }
}
