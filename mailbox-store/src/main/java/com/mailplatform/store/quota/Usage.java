package com.mailplatform.store.quota;

import com.mailplatform.common.grpc.mailbox.AccountUsage;
import com.mailplatform.common.grpc.mailbox.DomainUsage;
import com.mailplatform.store.delivery.AccountRef;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Quotas and usage of accounts and domains. The quota delivery enforces is the account's own, else its
 * domain's default (Dovecot's per-user rule over a default rule); 0 means no limit. Usage is the running
 * {@code accounts.used_bytes} that delivery and expunge keep in their transactions.
 */
@ApplicationScoped
public class Usage {

    /**
     * The quota APPEND and COPY charge against, as an SQL condition on {@code mailbox.accounts a} joined to its
     * {@code mailbox.domains d}: the same rule as delivery's (the account's own quota, else the domain's default;
     * 0 = no limit), so IMAP cannot fill an account past the limit delivery stops at. {@code $2} is the bytes added.
     */
    public static final String FITS_SQL = "(CASE WHEN a.quota_bytes > 0 THEN a.quota_bytes ELSE d.default_quota_bytes END = 0"
            + " OR a.used_bytes + $2 <= CASE WHEN a.quota_bytes > 0 THEN a.quota_bytes ELSE d.default_quota_bytes END)";

    private static final String ACCOUNT_SQL = "SELECT a.quota_bytes, a.quota_bytes,"
            + " CASE WHEN a.quota_bytes > 0 THEN a.quota_bytes ELSE d.default_quota_bytes END, a.used_bytes,"
            + " (SELECT count(*) FROM mailbox.messages m JOIN mailbox.mailboxes b ON b.id = m.mailbox_id WHERE b.account_id = a.id),"
            + " a.disabled FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
            + " WHERE d.name = $1 AND a.local_part = $2";

    private static final String DOMAIN_SQL = "SELECT d.name, d.default_quota_bytes,"
            + " (SELECT count(*) FROM mailbox.accounts a WHERE a.domain_id = d.id),"
            + " (SELECT count(*) FROM mailbox.aliases al WHERE al.domain_id = d.id),"
            + " (SELECT coalesce(sum(a.used_bytes), 0) FROM mailbox.accounts a WHERE a.domain_id = d.id),"
            + " (SELECT count(*) FROM mailbox.messages m JOIN mailbox.mailboxes b ON b.id = m.mailbox_id"
            + "    JOIN mailbox.accounts a ON a.id = b.account_id WHERE a.domain_id = d.id)"
            + " FROM mailbox.domains d WHERE d.name = $1";

    private final Pool pool;

    public Usage(Pool pool) {
        this.pool = pool;
    }

    public Uni<AccountUsage> account(AccountRef ref) {
        return pool.preparedQuery(ACCOUNT_SQL).execute(Tuple.of(ref.domain(), ref.localPart())).map(rows -> {
            if (rows.size() == 0) {
                throw notFound("account " + ref.address() + " does not exist");
            }
            Row r = rows.iterator().next();
            return AccountUsage.newBuilder().setAddress(ref.address()).setQuotaBytes(r.getLong(1))
                    .setEffectiveQuotaBytes(r.getLong(2)).setUsedBytes(r.getLong(3)).setMessages(r.getLong(4))
                    .setDisabled(r.getBoolean(5)).build();
        });
    }

    /**
     * Whether {@code bytes} more fit under the account's quota, by delivery's rule (FITS_SQL); true for an account
     * that does not exist (the caller has looked it up already). What RCPT asks before accepting mail for it.
     */
    public Uni<Boolean> fits(AccountRef ref, long bytes) {
        return pool.preparedQuery("SELECT " + FITS_SQL + " FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
                        + " WHERE d.name = $1 AND a.local_part = $3")
                .execute(Tuple.of(ref.domain(), bytes, ref.localPart()))
                .map(rows -> rows.size() == 0 || rows.iterator().next().getBoolean(0));
    }

    public Uni<AccountUsage> setAccountQuota(AccountRef ref, long quotaBytes) {
        return update(ref, "quota_bytes = $3", quotaBytes);
    }

    public Uni<AccountUsage> setDisabled(AccountRef ref, boolean disabled) {
        return update(ref, "disabled = $3", disabled);
    }

    private Uni<AccountUsage> update(AccountRef ref, String set, Object value) {
        return pool.preparedQuery("UPDATE mailbox.accounts a SET " + set + " FROM mailbox.domains d"
                        + " WHERE d.id = a.domain_id AND d.name = $1 AND a.local_part = $2")
                .execute(Tuple.of(ref.domain(), ref.localPart(), value))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().failure(notFound("account " + ref.address() + " does not exist"));
                    }
                    return account(ref);
                });
    }

    public Uni<DomainUsage> domain(String name) {
        return pool.preparedQuery(DOMAIN_SQL).execute(Tuple.of(name)).map(rows -> {
            if (rows.size() == 0) {
                throw notFound("domain " + name + " does not exist");
            }
            Row r = rows.iterator().next();
            return DomainUsage.newBuilder().setDomain(r.getString(0)).setDefaultQuotaBytes(r.getLong(1)).setAccounts(r.getLong(2))
                    .setAliases(r.getLong(3)).setUsedBytes(r.getLong(4)).setMessages(r.getLong(5)).build();
        });
    }

    public Uni<DomainUsage> setDomainDefault(String name, long quotaBytes) {
        return pool.preparedQuery("UPDATE mailbox.domains SET default_quota_bytes = $2 WHERE name = $1")
                .execute(Tuple.of(name, quotaBytes))
                .flatMap(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().failure(notFound("domain " + name + " does not exist"))
                        : domain(name));
    }

    private static RuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }
}
