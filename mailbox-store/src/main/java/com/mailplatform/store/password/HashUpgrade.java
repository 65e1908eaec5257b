package com.mailplatform.store.password;

import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.delivery.AccountRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Rewrites an imported hash ({SHA512-CRYPT}, {PBKDF2}, ...) as the platform's default scheme once the account has
 * logged in with the right password, the only moment the password is known (Dovecot leaves this to a post-login
 * script; here it is built in). There is no window in which the account cannot log in: the old hash stays until
 * the single UPDATE commits, and the new one verifies the same password. The UPDATE only replaces the hash it
 * verified against, so a password an operator set meanwhile is never overwritten. A failed upgrade is logged and
 * the login still succeeds; the next one tries again.
 */
@ApplicationScoped
public class HashUpgrade {

    private static final Logger LOG = Logger.getLogger(HashUpgrade.class);

    private final Pool pool;
    private final PasswordHasher hasher;
    private final CredentialCache credentials;
    private final boolean enabled;

    public HashUpgrade(Pool pool, PasswordHasher hasher, CredentialCache credentials, StoreConfig config) {
        this.pool = pool;
        this.hasher = hasher;
        this.credentials = credentials;
        this.enabled = config.passwords().upgradeOnLogin();
    }

    /** Call after {@code password} verified against {@code stored}; completes when the upgrade is durable or given up. */
    public Uni<Void> afterLogin(AccountRef ref, String stored, String password) {
        if (!enabled || !hasher.needsUpgrade(stored)) {
            return Uni.createFrom().voidItem();
        }
        return Worker.offload(() -> hasher.hash(password))
                .flatMap(fresh -> pool.preparedQuery("UPDATE mailbox.accounts a SET password_hash = $3 FROM mailbox.domains d"
                                + " WHERE d.id = a.domain_id AND d.name = $1 AND a.local_part = $2 AND a.password_hash = $4")
                        .execute(Tuple.of(ref.domain(), ref.localPart(), fresh, stored))
                        .invoke(rows -> {
                            if (rows.rowCount() == 1) {
                                // the next login is answered from the cache, not by a second bcrypt
                                credentials.remember(ref.address(), fresh, password, true);
                                LOG.infof("password hash of %s upgraded from {%s} to %s", ref.address(),
                                        DovecotSchemes.scheme(stored), PasswordHasher.BLF_CRYPT);
                            }
                        }))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("password hash upgrade of %s failed (retried at the next login): %s", ref.address(), e.toString());
                    return null;
                });
    }
}
